import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { entryCanonicalText } from './entry-bytes';

// JSON values as they come out of JSON.parse, integers only (what the log hashes), keys of every kind.
const key = fc.oneof(fc.string(), fc.constantFrom('10', '9', '0', '-1', '__proto__x', 'é', '\u{1F600}', ''));
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.maxSafeInteger(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
  ),
})).v;

const entry = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  kind: fc.string(),
  aggregateId: fc.string({ unit: 'binary' }),
  payload: fc.dictionary(key, value, { maxKeys: 6 }),
  recordedAt: fc.string(),
  prevHash: fc.string(),
});

describe('entryCanonicalText', () => {
  it('is canonicalize() of the six hashed fields, whatever they hold', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const parsed = JSON.parse(JSON.stringify(e)) as typeof e;
        const { seq, kind, aggregateId, payload, recordedAt, prevHash } = parsed;
        expect(entryCanonicalText(parsed)).toBe(canonicalize({ seq, kind, aggregateId, payload, recordedAt, prevHash }));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a payload holding a float or an unsafe integer, naming where', () => {
    const base = {
      seq: 1,
      kind: 'ledger.entry.posted',
      aggregateId: 'a',
      recordedAt: '2026-12-01T12:00:00.000Z',
      prevHash: '0'.repeat(64),
    };
    expect(() => entryCanonicalText({ ...base, payload: { postings: [{ amountCents: 1.5 }] } })).toThrow(
      '$.postings[0].amountCents: 1.5 is not a safe integer',
    );
    expect(() => entryCanonicalText({ ...base, payload: { n: 2 ** 60 } })).toThrow(TypeError);
  });
});
