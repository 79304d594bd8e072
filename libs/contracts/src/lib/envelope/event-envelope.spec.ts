import { decodeEvent, encodeEvent } from './event-envelope';
import { MalformedEventError } from './event-envelope.errors';

const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function encoded() {
  return encodeEvent({
    id: '6f1c1f3e-8a0e-4b8f-9f43-0d0b6c7a2c11',
    type: 'org.wcoomd.intel.report.submitted.v1',
    source: '/intel-exchange',
    subject: 'a1b2c3d4-0000-4000-8000-000000000001',
    time: '2026-03-01T10:00:00.000Z',
    data: { reportId: 'a1b2c3d4-0000-4000-8000-000000000001', version: 1 },
    traceparent,
    tracestate: 'wco=1',
  });
}

/** What a kafkajs consumer hands over: headers and value as Buffers. */
function asConsumed(m: ReturnType<typeof encoded>) {
  return {
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

describe('CloudEvents binary mode on Kafka', () => {
  it('puts the attributes in ce_ headers, the aggregate id in the key and JSON in the value', () => {
    const m = encoded();
    expect(m.key).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(m.headers).toMatchObject({
      ce_id: '6f1c1f3e-8a0e-4b8f-9f43-0d0b6c7a2c11',
      ce_type: 'org.wcoomd.intel.report.submitted.v1',
      ce_source: '/intel-exchange',
      ce_subject: 'a1b2c3d4-0000-4000-8000-000000000001',
      ce_specversion: '1.0',
      ce_time: '2026-03-01T10:00:00.000Z',
      'content-type': 'application/json',
      traceparent,
      tracestate: 'wco=1',
    });
    expect(m.headers).not.toHaveProperty('ce_partitionkey');
    expect(JSON.parse(m.value)).toEqual({ reportId: 'a1b2c3d4-0000-4000-8000-000000000001', version: 1 });
    expect(m.timestamp).toBe(String(Date.parse('2026-03-01T10:00:00.000Z')));
  });

  it('decodes what it encodes (round trip through Buffers)', () => {
    const e = decodeEvent(asConsumed(encoded()));
    expect(e).toEqual({
      id: '6f1c1f3e-8a0e-4b8f-9f43-0d0b6c7a2c11',
      type: 'org.wcoomd.intel.report.submitted.v1',
      source: '/intel-exchange',
      subject: 'a1b2c3d4-0000-4000-8000-000000000001',
      time: '2026-03-01T10:00:00.000Z',
      specversion: '1.0',
      datacontenttype: 'application/json',
      data: { reportId: 'a1b2c3d4-0000-4000-8000-000000000001', version: 1 },
      key: 'a1b2c3d4-0000-4000-8000-000000000001',
      traceparent,
      tracestate: 'wco=1',
    });
  });

  it('generates an id and a time when none is given', () => {
    const m = encodeEvent({ type: 'org.wcoomd.intel.report.purged.v1', source: '/intel-exchange', subject: 'r1', data: {} });
    expect(m.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(m.headers['ce_time'])).not.toBeNaN();
  });

  it('refuses to encode a type or source outside the naming convention', () => {
    expect(() => encodeEvent({ type: 'report.submitted', source: '/intel-exchange', subject: 'x', data: {} })).toThrow(
      /type "report.submitted" does not follow/,
    );
    expect(() => encodeEvent({ type: 'org.wcoomd.intel.x.v1', source: 'intel', subject: 'x', data: {} })).toThrow(/source "intel"/);
    expect(() => encodeEvent({ type: 'org.wcoomd.intel.x.v1', source: '/intel', subject: '', data: {} })).toThrow(/subject/);
  });

  describe('rejects malformed messages with the reason', () => {
    const cases: [string, (m: ReturnType<typeof asConsumed>) => void, RegExp][] = [
      ['raw bytes without headers', (m) => (m.headers = {}), /missing header\(s\) ce_id, ce_type, ce_source, ce_specversion/],
      ['no ce_id', (m) => delete m.headers['ce_id'], /missing header\(s\) ce_id$/],
      ['wrong specversion', (m) => (m.headers['ce_specversion'] = Buffer.from('0.3')), /unsupported ce_specversion "0.3"/],
      ['type outside the convention', (m) => (m.headers['ce_type'] = Buffer.from('x.y')), /ce_type "x.y" does not follow/],
      ['no subject', (m) => delete m.headers['ce_subject'], /missing header ce_subject/],
      ['not JSON content', (m) => (m.headers['content-type'] = Buffer.from('text/plain')), /content-type must be application\/json/],
      ['bad JSON', (m) => (m.value = Buffer.from('{"reportId":')), /value is not valid JSON/],
      ['empty value', (m) => (m.value = Buffer.alloc(0)), /value is empty/],
      ['unparseable time', (m) => (m.headers['ce_time'] = Buffer.from('yesterday')), /malformed event/],
    ];
    it.each(cases)('%s', (_name, breakIt, reason) => {
      const m = asConsumed(encoded());
      breakIt(m);
      let caught: unknown;
      try {
        decodeEvent(m);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MalformedEventError);
      expect((caught as MalformedEventError).message).toMatch(reason);
      expect((caught as MalformedEventError).code).toBe('MALFORMED_EVENT');
    });

    it('a null value (tombstone)', () => {
      const m = asConsumed(encoded());
      expect(() => decodeEvent({ ...m, value: null })).toThrow(/value is empty/);
    });
  });
});
