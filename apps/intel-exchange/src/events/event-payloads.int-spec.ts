import { AccessRecordedEvent, FeedbackRecordedEvent, ReportSubmittedEvent, validateEventPayload } from '@wco/contracts';
import { analyst, coordinator, EventCollector, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const FR = analyst('FR');
const DE = analyst('DE');
const COORD = coordinator();

// What a client of the broker learns from each event (see the event table in libs/contracts/README.md): a report
// event says which report changed, never who holds it or how it is classified; a receipt on the audit stream
// stands on its own once the report events have expired; anonymous feedback stays anonymous on Kafka.
describe('event payloads: what the topics tell their readers', () => {
  let t: IntelTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startIntelApp('intel_event_payloads', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics['intel.report.v1'], t.topics['intel.access.v1'], t.topics['intel.feedback.v1']]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const dataOf = async (type: string, subject: string, count = 1) =>
    (await collector.waitFor((events) => events.filter((e) => e.event.type === type && e.event.subject === subject).length >= count))
      .filter((e) => e.event.type === type && e.event.subject === subject)
      .map((e) => e.event.data as Record<string, unknown>);

  it('report events of RED and originator-only reports name neither the originator nor the classification', async () => {
    const red = (
      await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'RED', distribution: { level: 'named_members', members: ['DE'] } }))
    ).body.id;
    const strict = (
      await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'AMBER+STRICT', distribution: { level: 'originator_only' } }))
    ).body.id;
    for (const id of [red, strict]) {
      const [data] = await dataOf(ReportSubmittedEvent.type, id);
      expect(Object.keys(data).sort()).toEqual(['reportId', 'submittedAt', 'version']);
      expect(() => validateEventPayload(ReportSubmittedEvent.type, data)).not.toThrow();
    }
  });

  it('a receipt names the report originator, its TLP and operation, and the role the reader read through', async () => {
    const red = (
      await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'RED', distribution: { level: 'named_members', members: ['DE'] } }))
    ).body.id;
    expect((await t.call(DE, 'GET', `/reports/${red}`)).status).toBe(200);
    const [read] = await dataOf(AccessRecordedEvent.type, red);
    expect(read).toMatchObject({ reportId: red, accessorMember: 'DE', accessorRole: 'member-analyst', originatorMember: 'FR', tlp: 'RED' });
    expect(read['operationId']).toBeUndefined();

    const operationId = await t.openOperation(COORD, { name: 'Payload operation', commodityFocus: ['drugs'], participants: ['FR', 'DE'] });
    const inOperation = (
      await t.call(FR, 'POST', '/reports', seizureReport({ operationId, tlp: 'GREEN', distribution: { level: 'operation_participants' } }))
    ).body.id;
    expect((await t.call(COORD, 'GET', `/reports/${inOperation}`)).status).toBe(200);
    // A list read records the same facts as a detail read.
    const listed = await t.call(DE, 'GET', `/reports?operationId=${operationId}`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([inOperation]);
    const reads = await dataOf(AccessRecordedEvent.type, inOperation, 2);
    const byMember = Object.fromEntries(reads.map((r) => [r['accessorMember'] as string, r]));
    expect(byMember['WCO']).toMatchObject({
      accessorRole: 'operation-coordinator',
      originatorMember: 'FR',
      tlp: 'GREEN',
      operationId,
      accessKind: 'detail',
    });
    expect(byMember['DE']).toMatchObject({
      accessorRole: 'member-analyst',
      originatorMember: 'FR',
      tlp: 'GREEN',
      operationId,
      accessKind: 'list',
    });
    for (const r of reads) expect(() => validateEventPayload(AccessRecordedEvent.type, r)).not.toThrow();
  });

  it('anonymous feedback carries no Member on Kafka either', async () => {
    const id = (await t.call(FR, 'POST', '/reports', seizureReport())).body.id;
    expect((await t.call(DE, 'POST', `/reports/${id}/feedback`, { outcome: 'seen', anonymous: true })).status).toBe(201);
    expect((await t.call(DE, 'POST', `/reports/${id}/feedback`, { outcome: 'hit' })).status).toBe(201);
    const events = await dataOf(FeedbackRecordedEvent.type, id, 2);
    expect(events.map((e) => e['member'])).toEqual([undefined, 'DE']);
  });
});
