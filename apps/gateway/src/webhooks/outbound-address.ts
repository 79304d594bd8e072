import { BlockList, isIP } from 'node:net';

/*
 * Where a webhook may be sent (SSRF). A Member chooses the URL, so the gateway must not become a way into the
 * cluster: a URL whose host is, or resolves to, an address of one of the ranges below is refused unless the
 * operator allow-listed it (GATEWAY_WEBHOOK_ALLOW). The check runs at registration and again at every delivery,
 * on the addresses just resolved, and the request then connects to the checked address itself (DNS rebinding: a
 * second lookup could answer differently).
 */
const REFUSED: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'cgnat'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link_local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['64:ff9b::', 96, 'ipv6', 'ipv4_mapped'],
  ['64:ff9b:1::', 48, 'ipv6', 'ipv4_mapped'],
  ['100::', 64, 'ipv6', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['2002::', 16, 'ipv6', 'ipv4_mapped'],
  ['fc00::', 7, 'ipv6', 'unique_local'],
  ['fe80::', 10, 'ipv6', 'link_local'],
  ['fec0::', 10, 'ipv6', 'link_local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

// Node's BlockList matches an IPv4-mapped IPv6 address against IPv4 rules and an IPv4 address against
// ::ffff:0:0/96, so that range cannot sit in the table above (it would refuse every IPv4 address): it is checked
// for IPv6 addresses only.
const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

const refusedLists = REFUSED.map(([network, prefix, family, reason]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, reason };
});

/** `a.b.c.d/n`, `x::y/n` or a bare address. */
export function isCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The operator's allow-list as a BlockList (used as an allow-list). */
export function allowListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

/** Why an address may not be called (`loopback`, `private`...), or undefined when it may. */
export function refusedRange(address: string, allow: BlockList): string | undefined {
  const family = familyOf(address);
  if (isIP(address) === 0) return 'not_an_address';
  if (allow.check(address, family)) return undefined;
  if (family === 'ipv6' && MAPPED.check(address, 'ipv6')) return 'ipv4_mapped';
  return refusedLists.find((r) => r.list.check(address, family))?.reason;
}

/** Whether the operator allow-listed the address (plain http is accepted only then). */
export function isAllowListed(address: string, allow: BlockList): boolean {
  return isIP(address) !== 0 && allow.check(address, familyOf(address));
}
