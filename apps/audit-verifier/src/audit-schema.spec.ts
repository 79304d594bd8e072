import { AuditEntryAppendedEvent, TreeHeadSignedEvent, validateEventPayload } from '@wco/contracts';
import fc from 'fast-check';
import { certainlyValid } from './audit-schema';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const oneOf = <T>(good: fc.Arbitrary<T>, ...bad: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 4, arbitrary: good }, ...bad.map((b) => ({ weight: 1, arbitrary: b })));
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.nat()),
  fc.object(),
  fc.boolean(),
);
const instant = fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString());

const entry = fc.record({
  seq: oneOf(fc.nat(), fc.integer({ max: -1 }), fc.double(), fc.constant(2 ** 60)),
  kind: oneOf(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}(\.[a-z][a-z0-9_]{0,10}){1,3}$/), fc.string(), fc.constant('a.' + 'b'.repeat(120))),
  aggregateId: oneOf(
    fc.string({ minLength: 1, maxLength: 200 }),
    fc.constant(''),
    fc.string({ minLength: 201, maxLength: 260 }),
    fc.string({ unit: 'binary', maxLength: 210 }),
  ),
  payload: oneOf(fc.object(), fc.array(fc.nat()), fc.constant(null)),
  recordedAt: oneOf(
    instant,
    fc.string(),
    fc.constantFrom('2026-02-30T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2100-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z'),
    fc.constantFrom('2026-12-01T12:00:00Z', '2026-13-01T00:00:00.000Z', '2026-12-01T24:00:00.000Z', '2026-12-01T12:60:00.000Z'),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  ),
  prevHash: oneOf(
    hex64,
    fc.string(),
    hex64.map((h) => h.toUpperCase()),
  ),
  leafHash: oneOf(hex64, fc.string()),
  canonical: oneOf(
    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')),
    fc.constant(undefined),
    fc.string(),
    fc.constantFrom('YQ', 'YQ=', '=YQ=', 'Y Q==', 'YQ==YQ==', '===='),
    junk,
  ),
});
const head = fc.record({
  treeSize: oneOf(fc.nat(), fc.integer({ max: -1 }), fc.double()),
  previousTreeSize: oneOf(fc.nat(), junk),
  rootHash: oneOf(hex64, junk),
  timestamp: oneOf(fc.nat(), junk),
  keyId: oneOf(hex64, junk),
  signature: oneOf(
    fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
    fc.string(),
  ),
});
const reshaped = (a: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(a, fc.option(fc.string({ maxLength: 12 })), fc.option(fc.nat({ max: 6 }))).map(([o, extra, drop]) => {
    const out: Record<string, unknown> = { ...o };
    if (extra !== null) out[extra] = 1;
    if (drop !== null) delete out[Object.keys(out)[drop] as string];
    return out;
  });

function contractAccepts(type: string, data: unknown): boolean {
  try {
    validateEventPayload(type, JSON.parse(JSON.stringify(data)));
    return true;
  } catch {
    return false;
  }
}

describe("the verifier's fast schema check never accepts what the contract classes refuse", () => {
  it('audit entries', () => {
    fc.assert(
      fc.property(reshaped(entry), (o) => {
        const data = JSON.parse(JSON.stringify(o));
        if (certainlyValid(AuditEntryAppendedEvent.type, data)) expect(contractAccepts(AuditEntryAppendedEvent.type, data)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('tree heads', () => {
    fc.assert(
      fc.property(reshaped(head), (o) => {
        const data = JSON.parse(JSON.stringify(o));
        if (certainlyValid(TreeHeadSignedEvent.type, data)) expect(contractAccepts(TreeHeadSignedEvent.type, data)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers yes for well-formed events (so the fast path is taken) and no for other event types', () => {
    const e = {
      seq: 1,
      kind: 'ledger.entry.posted',
      aggregateId: 'x',
      payload: {},
      recordedAt: '2026-12-01T12:00:00.000Z',
      prevHash: '0'.repeat(64),
      leafHash: 'a'.repeat(64),
    };
    expect(certainlyValid(AuditEntryAppendedEvent.type, e)).toBe(true);
    expect(contractAccepts(AuditEntryAppendedEvent.type, e)).toBe(true);
    expect(certainlyValid(AuditEntryAppendedEvent.type, { ...e, extra: 1 })).toBe(false);
    expect(certainlyValid(AuditEntryAppendedEvent.type, { ...e, canonical: 'eyJhIjoxfQ==' })).toBe(true);
    expect(certainlyValid(AuditEntryAppendedEvent.type, { ...e, canonical: 'eyJhIjoxfQ' })).toBe(false);
    expect(certainlyValid('org.wcoomd.budget.ledger.created.v1', e)).toBe(false);
  });
});
