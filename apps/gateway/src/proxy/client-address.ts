import { BlockList, isIP } from 'node:net';

/**
 * The address a request comes from, for the per-client limits. Behind a load balancer or an ingress every request
 * arrives from the proxy's own address, so anonymous clients would share one budget, and one client's forged tokens
 * would lock everyone out. When the direct peer is one of GATEWAY_TRUSTED_PROXIES, the client is the right-most
 * address of X-Forwarded-For that is not itself a trusted proxy (addresses further left are whatever the client
 * wrote). With no trusted proxy configured the header is ignored.
 */
export class ClientAddresses {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  /** `proxies`: addresses or CIDR ranges, e.g. `10.0.0.0/8`, `::1`. */
  constructor(proxies: readonly string[]) {
    for (const entry of proxies) {
      const [address, bits] = entry.split('/');
      if (isIP(address) === 0) throw new Error(`GATEWAY_TRUSTED_PROXIES: ${entry} is not an IP address or CIDR range`);
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.trusted.addAddress(address, family);
      else this.trusted.addSubnet(address, Number(bits), family);
    }
    this.any = proxies.length > 0;
  }

  of(peer: string, forwardedFor: string | string[] | undefined): string {
    if (!this.any || !this.isTrusted(peer) || forwardedFor === undefined) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((h) => h.trim())
      .filter((h) => isIP(h) !== 0);
    for (let i = hops.length - 1; i >= 0; i--) if (!this.isTrusted(hops[i])) return hops[i];
    return hops[0] ?? peer;
  }

  private isTrusted(address: string): boolean {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    return family !== 0 && this.trusted.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }
}
