/**
 * The relay's encoding of stored events must produce exactly the message the `cloudevents` binding produces
 * (`encodeEvent`): same key, headers, timestamp, and a value that decodes to the same data. Consumers (and the
 * CloudEvents check of the review) see no difference between the two paths.
 */
import fc from 'fast-check';
import { decodeEvent, encodeEvent, encodeStoredEvent } from './event-envelope';

const RUNS = Number(process.env['EQUIVALENCE_RUNS'] ?? 500);

const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const json = fc.jsonValue({ maxDepth: 3 });
const traceparent = fc
  .tuple(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{16}$/), fc.constantFrom('00', '01'))
  .map(([t, s, f]) => `00-${t}-${s}-${f}`);

const storedEvent = fc.record(
  {
    id: fc.uuid(),
    type: fc.tuple(segment, segment, fc.integer({ min: 1, max: 20 })).map(([svc, ev, v]) => `org.wcoomd.${svc}.${ev}.v${v}`),
    source: segment.map((s) => `/${s}`),
    subject: fc.string({ minLength: 1, maxLength: 40 }),
    time: fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    data: fc.dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 6 }),
    traceparent,
    tracestate: fc.stringMatching(/^[a-z]{1,8}=[a-z0-9]{1,8}$/),
  },
  { requiredKeys: ['id', 'type', 'source', 'subject', 'time', 'data'] },
);

describe('encodeStoredEvent (the outbox relay path) against encodeEvent (the cloudevents binding)', () => {
  it('makes the same message for any stored event', () => {
    fc.assert(
      fc.property(storedEvent, ({ data, ...event }) => {
        const reference = encodeEvent({ ...event, data });
        const fast = encodeStoredEvent({ ...event, dataJson: JSON.stringify(data) });
        expect(fast).toEqual(reference);
        expect(decodeEvent(fast)).toEqual(decodeEvent(reference));
      }),
      { numRuns: RUNS },
    );
  });

  it('sends the stored JSON text as it is', () => {
    const text = '{"b":1,"a":[1, 2]}';
    const m = encodeStoredEvent({
      id: '5f0c6a3e-1c1b-4b0e-9a52-1a1a1a1a1a1a',
      type: 'org.wcoomd.intel.report.submitted.v1',
      source: '/intel-exchange',
      subject: 'r1',
      time: '2026-12-02T10:00:00.123Z',
      dataJson: text,
    });
    expect(m.value).toBe(text);
    expect(decodeEvent(m).data).toEqual({ b: 1, a: [1, 2] });
    expect(m.timestamp).toBe(String(Date.parse('2026-12-02T10:00:00.123Z')));
  });
});
