import { AccessRecordedEvent } from '@wco/contracts';
import { analyst, auditor, EventCollector, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const FR = analyst('FR');
const FR2 = analyst('FR', 2);
const DE = analyst('DE');
const KE = analyst('KE');

describe('access receipts', () => {
  let t: IntelTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startIntelApp('intel_receipts', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics['intel.access.v1']]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  it('records every read (detail, version, export, list) and shows them to the originator and auditors only', async () => {
    const id = (await t.call(FR, 'POST', '/reports', seizureReport({ distribution: { level: 'named_members', members: ['DE'] }, tlp: 'AMBER' }))).body.id;
    await t.call(DE, 'GET', `/reports/${id}`);
    await t.call(DE, 'GET', `/reports/${id}/versions/1`);
    await t.call(DE, 'GET', `/reports/${id}/stix`);
    await t.call(DE, 'GET', '/reports');
    await t.call(KE, 'GET', `/reports/${id}`); // 404: not a read, no receipt

    const own = await t.call(FR2, 'GET', `/reports/${id}/receipts`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((r: { accessKind: string }) => r.accessKind).sort()).toEqual(['detail', 'export', 'list', 'version']);
    for (const r of own.body.items) expect(r).toMatchObject({ reportId: id, reportVersion: 1, accessorMember: 'DE', accessorSubject: DE.subject });
    expect((await t.call(auditor, 'GET', `/reports/${id}/receipts`)).body.items).toHaveLength(4);
    expect((await t.call(DE, 'GET', `/reports/${id}/receipts`)).status).toBe(403);
    expect((await t.call(KE, 'GET', `/reports/${id}/receipts`)).status).toBe(404);

    const page1 = await t.call(FR, 'GET', `/reports/${id}/receipts?limit=3`);
    const page2 = await t.call(FR, 'GET', `/reports/${id}/receipts?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page1.body.items).toHaveLength(3);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();

    // The receipts also reach the audit stream, one event per receipt, in the same transaction as the read.
    const receiptIds = own.body.items.map((r: { id: string }) => r.id);
    const events = await collector.waitFor((e) => e.filter((x) => receiptIds.includes((x.event.data as { receiptId: string }).receiptId)).length === 4);
    const mine = events.filter((x) => receiptIds.includes((x.event.data as { receiptId: string }).receiptId));
    expect(mine.every((x) => x.event.type === AccessRecordedEvent.type && x.event.subject === id)).toBe(true);
  });
});
