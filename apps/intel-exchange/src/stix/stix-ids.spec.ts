import { canonicalJson, scoId, stixId, uuidV5, WCO_STIX_NAMESPACE } from './stix-ids';
import { WCO_EXTENSION_ID } from './report-stix';

describe('deterministic STIX ids', () => {
  it('implements UUIDv5 (RFC 9562 test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same id for the same parts and different ids otherwise', () => {
    expect(stixId('report', 'r1', 1)).toBe(stixId('report', 'r1', 1));
    expect(stixId('report', 'r1', 1)).not.toBe(stixId('report', 'r1', 2));
    expect(stixId('report', 'r1', 1)).toMatch(/^report--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps the documented extension-definition id', () => {
    expect(WCO_STIX_NAMESPACE).toBe('f6b5bcce-cd62-4f13-b4b3-4feb414e06d6');
    expect(WCO_EXTENSION_ID).toBe('extension-definition--50c20a89-7a46-5e12-9c4d-afc1b3ba5399');
  });

  it('derives SCO ids from canonical JSON of the contributing properties (STIX 2.1 §2.9)', () => {
    expect(canonicalJson({ b: 1, a: ['x', { d: 2, c: 3 }] })).toBe('{"a":["x",{"c":3,"d":2}],"b":1}');
    // STIX 2.1 §2.9 names the UUIDv5 with the RFC 8785 serialisation of the contributing properties as an object
    // (python-stix2 hashes the list of values instead); expected value computed with the `uuid` package.
    expect(scoId('email-addr', { value: 'john@example.com' })).toBe('email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934');
  });
});
