import fc from 'fast-check';

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

/** The six hashed fields of an entry, holding anything JSON can. */
export const entry = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  kind: fc.string(),
  aggregateId: fc.string({ unit: 'binary' }),
  payload: fc.dictionary(key, value, { maxKeys: 6 }),
  recordedAt: fc.string(),
  prevHash: fc.string(),
});
