import { allowListOf, isCidr, refusedRange } from './outbound-address';
import { checkWebhookTarget, WebhookTargetRefusedError } from './webhook-target';

const none = allowListOf([]);

/** The refusal code and reason of a URL, or 'accepted'. */
async function outcome(url: string, allow = none, answers: Record<string, string[]> = {}): Promise<string> {
  try {
    const target = await checkWebhookTarget(url, allow, async (host) =>
      (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
    return `accepted ${target.address}`;
  } catch (err) {
    if (err instanceof WebhookTargetRefusedError) return err.code;
    throw err;
  }
}

describe('outbound addresses of webhooks (SSRF)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.10.10', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique_local'],
    ['fc12:3456::1', 'unique_local'],
    ['::ffff:127.0.0.1', 'ipv4_mapped'],
    ['::ffff:8.8.8.8', 'ipv4_mapped'],
    ['64:ff9b::a00:1', 'ipv4_mapped'],
    ['2002:a00:1::1', 'ipv4_mapped'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(refusedRange(address, none)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e'])(
    'accepts the public address %s',
    (address) => {
      expect(refusedRange(address, none)).toBeUndefined();
    },
  );

  it('accepts what the operator allow-listed, and only that', () => {
    const allow = allowListOf(['127.0.0.1/32', '10.20.0.0/16', 'fd00::/8']);
    expect(refusedRange('127.0.0.1', allow)).toBeUndefined();
    expect(refusedRange('127.0.0.2', allow)).toBe('loopback');
    expect(refusedRange('10.20.3.4', allow)).toBeUndefined();
    expect(refusedRange('10.21.0.1', allow)).toBe('private');
    expect(refusedRange('fd00::5', allow)).toBeUndefined();
  });

  it('parses CIDR lists strictly', () => {
    expect(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', '::1/128'].every(isCidr)).toBe(true);
    expect(['10.0.0.0/33', 'fd00::/129', 'example.com', '10.0.0.0/8/1', '10.0.0.0/x', ''].some(isCidr)).toBe(false);
  });

  it.each([
    ['https://10.0.0.1/hook', 'address_refused'],
    ['https://[::1]:8443/hook', 'address_refused'],
    ['https://[fd12::1]/hook', 'address_refused'],
    ['https://169.254.169.254/latest/meta-data', 'address_refused'],
    ['http://93.184.216.34/hook', 'scheme_not_allowed'],
    ['ftp://93.184.216.34/hook', 'scheme_not_allowed'],
    ['file:///etc/passwd', 'scheme_not_allowed'],
    ['https://user:pass@93.184.216.34/hook', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['https://nowhere.example/hook', 'unresolvable_host'],
  ])('refuses the URL %s (%s)', async (url, code) => {
    expect(await outcome(url)).toBe(code);
  });

  it('refuses a host name when any address it resolves to is refused (one private answer is enough)', async () => {
    const answers = {
      'hooks.example': ['93.184.216.34'],
      'rebind.example': ['93.184.216.34', '10.0.0.5'],
      'inside.example': ['192.168.1.1'],
    };
    expect(await outcome('https://hooks.example/x', none, answers)).toBe('accepted 93.184.216.34');
    expect(await outcome('https://rebind.example/x', none, answers)).toBe('address_refused');
    expect(await outcome('https://inside.example/x', none, answers)).toBe('address_refused');
  });

  it('accepts plain http only to an allow-listed address', async () => {
    const allow = allowListOf(['127.0.0.1/32']);
    expect(await outcome('http://127.0.0.1:9999/hook', allow)).toBe('accepted 127.0.0.1');
    expect(await outcome('http://127.0.0.2:9999/hook', allow)).toBe('address_refused');
    expect(await outcome('https://93.184.216.34/hook', allow)).toBe('accepted 93.184.216.34');
  });
});
