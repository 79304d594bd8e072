import { AUDIT_LOG_KEY, AuditEntryAppendedEvent, decodeEvent, encodeEvent, TreeHeadSignedEvent } from '@wco/contracts';
import type { RawKafkaMessage } from '@wco/contracts';
import fc from 'fast-check';
import { AUDIT_EVENT_HEADERS, FastEnvelopeDecoder } from './fast-envelope';

function consumed(type: string, data: unknown): { key: Buffer; value: Buffer; headers: Record<string, Buffer> } {
  const m = encodeEvent({ type, source: '/budget-audit', subject: AUDIT_LOG_KEY, data, time: '2026-12-01T12:00:00.000Z' });
  const headers: Record<string, Buffer> = {};
  for (const [n, v] of Object.entries(m.headers)) headers[n] = Buffer.from(v);
  return { key: Buffer.from(m.key), value: Buffer.from(m.value), headers };
}

function decoded(m: RawKafkaMessage): { type: string; data: unknown; key: string | null } | 'refused' {
  try {
    const e = decodeEvent(m);
    return { type: e.type, data: e.data, key: e.key };
  } catch {
    return 'refused';
  }
}

const headerValue = fc.oneof(
  fc.constantFrom('', '1.0', '0.3', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'not a date'),
  fc.constantFrom(AuditEntryAppendedEvent.type, TreeHeadSignedEvent.type, 'org.wcoomd.budget.other.v1', 'bogus'),
  fc.constantFrom('2026-12-01T12:00:00.000Z', '2026-02-30T00:00:00Z', '2026-12-01', '\u00e92026'),
  fc.string(),
);
const mutation = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    name: fc.constantFrom(...AUDIT_EVENT_HEADERS, 'CE_TYPE', 'ce_dataschema', 'traceparent', 'x-other'),
    value: headerValue,
  }),
  fc.record({ op: fc.constant('drop' as const), name: fc.constantFrom('ce_id', 'ce_type', 'ce_time', 'content-type', 'ce_subject') }),
  fc.record({ op: fc.constant('array' as const), name: fc.constantFrom('ce_type', 'ce_id') }),
  fc.record({ op: fc.constant('value' as const), value: fc.constantFrom('', '{', 'null', '[1]', '{"a":1}', '"x"') }),
  fc.record({ op: fc.constant('key' as const), value: fc.constantFrom(null, 'other', AUDIT_LOG_KEY) }),
);

describe("the verifier's fast envelope decoding", () => {
  it('gives what decodeEvent gives whenever it answers, on mutated messages', () => {
    const fast = new FastEnvelopeDecoder();
    fc.assert(
      fc.property(fc.boolean(), fc.array(mutation, { maxLength: 4 }), fc.boolean(), (entry, mutations, asStrings) => {
        const m: RawKafkaMessage & { headers: Record<string, unknown> } = consumed(
          entry ? AuditEntryAppendedEvent.type : TreeHeadSignedEvent.type,
          { seq: 1, any: 'thing' },
        );
        for (const mu of mutations) {
          if (mu.op === 'set') m.headers[mu.name] = asStrings ? mu.value : Buffer.from(mu.value);
          else if (mu.op === 'drop') delete m.headers[mu.name];
          else if (mu.op === 'array') m.headers[mu.name] = [m.headers[mu.name] as Buffer];
          else if (mu.op === 'value') m.value = Buffer.from(mu.value);
          else m.key = mu.value === null ? null : Buffer.from(mu.value);
        }
        const answer = fast.decode(m as RawKafkaMessage);
        if (answer !== undefined) expect(decoded(m as RawKafkaMessage)).toEqual(answer);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers for the messages budget-audit writes (so the fast path is taken), trace context included', () => {
    const fast = new FastEnvelopeDecoder();
    const m = consumed(AuditEntryAppendedEvent.type, { seq: 1 });
    m.headers['traceparent'] = Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(fast.decode(m)).toEqual({ type: AuditEntryAppendedEvent.type, data: { seq: 1 }, key: AUDIT_LOG_KEY });
    expect(fast.decode(consumed(TreeHeadSignedEvent.type, { treeSize: 0 }))).toEqual(
      decoded(consumed(TreeHeadSignedEvent.type, { treeSize: 0 })),
    );
    expect(fast.decode(consumed('org.wcoomd.budget.other.v1', {}))).toBeUndefined();
  });
});
