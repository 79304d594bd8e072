import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { entryCanonicalText } from './entry-bytes';
import { entry } from './testing/arbitraries';

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
