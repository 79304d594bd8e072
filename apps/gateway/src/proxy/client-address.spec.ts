import { ClientAddresses } from './client-address';

describe('ClientAddresses', () => {
  it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
    expect(new ClientAddresses([]).of('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    expect(new ClientAddresses(['10.0.0.0/8']).of('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('takes the right-most address that is not a trusted proxy, whatever the client wrote further left', () => {
    const addresses = new ClientAddresses(['10.0.0.0/8', '::1']);
    expect(addresses.of('10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
    expect(addresses.of('10.1.2.3', 'spoofed-by-client, 6.6.6.6, 198.51.100.1, 10.9.9.9')).toBe('198.51.100.1');
    expect(addresses.of('::1', '2001:db8::5')).toBe('2001:db8::5');
    expect(addresses.of('::ffff:10.1.2.3', '198.51.100.9')).toBe('198.51.100.9');
    expect(addresses.of('10.1.2.3', undefined)).toBe('10.1.2.3');
    expect(addresses.of('10.1.2.3', '10.0.0.1')).toBe('10.0.0.1');
  });
});
