import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { isCanonicalTextOf } from './canonical-match';
import { entry } from './testing/arbitraries';

type Doc = typeof entry extends fc.Arbitrary<infer T> ? T : never;

const canonicalOf = (e: Doc): Buffer => {
  const { seq, kind, aggregateId, payload, recordedAt, prevHash } = e;
  return Buffer.from(canonicalize({ seq, kind, aggregateId, payload, recordedAt, prevHash }) as string, 'utf8');
};
const says = (bytes: Buffer, e: Doc): boolean => isCanonicalTextOf(bytes, 0, bytes.length, e);
const parsed = (e: Doc): Doc => JSON.parse(JSON.stringify(e)) as Doc;

/*
 * The rule the verifier's fast path relies on: a yes means the bytes are exactly the RFC 8785 text `canonicalize`
 * writes for the fields, so hashing them gives the leaf of the fields. A no only sends the entry to canonicalize.
 */
describe('isCanonicalTextOf', () => {
  it('says yes to the canonical text of the fields, whatever they hold (lone surrogates aside)', () => {
    let yes = 0;
    fc.assert(
      fc.property(entry, (raw) => {
        const e = parsed(raw);
        const text = canonicalOf(e);
        const hasLoneSurrogate = /[\ud800-\udfff]/.test(text.toString('utf8')) || text.includes('\\ud');
        if (says(text, e)) yes += 1;
        else expect(hasLoneSurrogate).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(yes).toBeGreaterThan(1000);
  });

  it('never says yes to other bytes: a changed, inserted or deleted byte, unsorted members, whitespace', () => {
    const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), op: fc.constantFrom('set', 'insert', 'delete') });
    fc.assert(
      fc.property(entry, fc.array(mutation, { minLength: 1, maxLength: 3 }), (raw, mutations) => {
        const e = parsed(raw);
        const text = canonicalOf(e);
        let m = Buffer.from(text);
        for (const { at, byte, op } of mutations) {
          const i = at % (m.length + 1);
          if (op === 'set' && i < m.length) m[i] = byte;
          else if (op === 'insert') m = Buffer.concat([m.subarray(0, i), Buffer.from([byte]), m.subarray(i)]);
          else if (i < m.length) m = Buffer.concat([m.subarray(0, i), m.subarray(i + 1)]);
        }
        if (says(m, e)) expect(m.equals(text)).toBe(true);
        const { seq, kind, aggregateId, payload, recordedAt, prevHash } = e;
        for (const other of [
          JSON.stringify({ seq, kind, aggregateId, payload, recordedAt, prevHash }),
          JSON.stringify(JSON.parse(text.toString('utf8')), null, 1),
        ]) {
          const bytes = Buffer.from(other, 'utf8');
          if (says(bytes, e)) expect(bytes.equals(text)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('says no to the text of other fields (a changed amount, another seq, a number written differently)', () => {
    const base = {
      seq: 12,
      kind: 'ledger.entry.posted',
      aggregateId: 'e-1',
      payload: { postings: [{ account: '6100', amountCents: '100' }], n: -5, z: 0 },
      recordedAt: '2026-12-01T12:00:00.000Z',
      prevHash: '0'.repeat(64),
    };
    const text = canonicalOf(base);
    expect(says(text, base)).toBe(true);
    expect(says(text, { ...base, seq: 13 })).toBe(false);
    expect(says(text, { ...base, payload: { ...base.payload, n: -6 } })).toBe(false);
    expect(says(text, { ...base, payload: { ...base.payload, extra: null } })).toBe(false);
    expect(says(Buffer.from(text.toString().replace('"z":0', '"z":-0')), base)).toBe(false);
    expect(says(Buffer.from(text.toString().replace('"z":0', '"z":00')), base)).toBe(false);
    expect(says(Buffer.from(text.toString().replace('"n":-5', '"n":-5e0')), base)).toBe(false);
    expect(says(Buffer.from(text.toString().replace('"seq":12', '"seq":1.2e1')), base)).toBe(false);
    // A float or an unsafe integer is never certain: canonicalText refuses them (a schema violation).
    expect(says(text, { ...base, payload: { ...base.payload, n: 0.5 } })).toBe(false);
  });
});
