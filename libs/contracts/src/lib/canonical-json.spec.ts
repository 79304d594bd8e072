import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys at every depth and drops undefined members, so equal JSON gives equal text', () => {
    expect(canonicalJson({ b: 1, a: ['x', { d: 2, c: 3, e: undefined }] })).toBe('{"a":["x",{"c":3,"d":2}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('writes numbers in their ECMAScript form (JCS §3.2.2.3)', () => {
    expect(canonicalJson({ n: 1e21, m: 0.1, z: -0 })).toBe('{"m":0.1,"n":1e+21,"z":0}');
  });

  it('writes a lone undefined as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});
