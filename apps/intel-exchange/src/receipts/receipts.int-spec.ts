import { AccessRecordedEvent } from '@wco/contracts';
import { randomUUID } from 'node:crypto';
import { analyst, auditor, coordinator, EventCollector, IntelTestApp, startIntelApp, TestUser } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const FR = analyst('FR');
const FR2 = analyst('FR', 2);
const DE = analyst('DE');
const KE = analyst('KE');
const KE2 = analyst('KE', 2);
/** A Member's own auditor (role auditor, organisation KE), as opposed to the WCO-level `auditor`. */
const memberAuditor = (member: string): TestUser => ({ subject: `auditor-${member.toLowerCase()}`, member, roles: ['auditor'] });
const KE_AUDITOR = memberAuditor('KE');
const FR_AUDITOR = memberAuditor('FR');

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
    const id = (
      await t.call(FR, 'POST', '/reports', seizureReport({ distribution: { level: 'named_members', members: ['DE'] }, tlp: 'AMBER' }))
    ).body.id;
    await t.call(DE, 'GET', `/reports/${id}`);
    await t.call(DE, 'GET', `/reports/${id}/versions/1`);
    await t.call(DE, 'GET', `/reports/${id}/stix`);
    await t.call(DE, 'GET', '/reports');
    await t.call(KE, 'GET', `/reports/${id}`); // 404: not a read, no receipt

    const own = await t.call(FR2, 'GET', `/reports/${id}/receipts`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((r: { accessKind: string }) => r.accessKind).sort()).toEqual(['detail', 'export', 'list', 'version']);
    for (const r of own.body.items)
      expect(r).toMatchObject({ reportId: id, reportVersion: 1, accessorMember: 'DE', accessorSubject: DE.subject });
    expect((await t.call(auditor, 'GET', `/reports/${id}/receipts`)).body.items).toHaveLength(4);
    expect((await t.call(DE, 'GET', `/reports/${id}/receipts`)).status).toBe(404);
    expect((await t.call(KE, 'GET', `/reports/${id}/receipts`)).status).toBe(404);

    const page1 = await t.call(FR, 'GET', `/reports/${id}/receipts?limit=3`);
    const page2 = await t.call(FR, 'GET', `/reports/${id}/receipts?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page1.body.items).toHaveLength(3);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();

    // The receipts also reach the audit stream, one event per receipt, in the same transaction as the read.
    const receiptIds = own.body.items.map((r: { id: string }) => r.id);
    const events = await collector.waitFor(
      (e) => e.filter((x) => receiptIds.includes((x.event.data as { receiptId: string }).receiptId)).length === 4,
    );
    const mine = events.filter((x) => receiptIds.includes((x.event.data as { receiptId: string }).receiptId));
    expect(mine.every((x) => x.event.type === AccessRecordedEvent.type && x.event.subject === id)).toBe(true);
  });

  /** The answer to a report id that does not exist, with the id written as ":id" so that two answers compare. */
  const answerFor = async (u: TestUser, id: string) => {
    const res = await t.call(u, 'GET', `/reports/${id}/receipts`);
    return { status: res.status, body: JSON.parse(JSON.stringify(res.body).split(id).join(':id')) };
  };

  it('a Member auditor gets the 404 of a random id on a report its Member may not see', async () => {
    const hidden = (
      await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'AMBER+STRICT', distribution: { level: 'originator_only' } }))
    ).body.id as string;
    await t.call(FR, 'GET', `/reports/${hidden}`);
    const random = await answerFor(KE_AUDITOR, randomUUID());
    expect(random.status).toBe(404);
    for (const u of [KE_AUDITOR, KE, DE, coordinator()])
      expect({ user: u.subject, ...(await answerFor(u, hidden)) }).toEqual({ user: u.subject, ...random });
    // The originating Member's own auditor and the WCO-level auditor see the read.
    for (const u of [FR_AUDITOR, auditor]) {
      const res = await t.call(u, 'GET', `/reports/${hidden}/receipts`);
      expect({
        user: u.subject,
        status: res.status,
        readers: res.body.items?.map((r: { accessorMember: string }) => r.accessorMember),
      }).toEqual({
        user: u.subject,
        status: 200,
        readers: ['FR'],
      });
    }
  });

  it("a Member auditor sees only its own Member's reads of a report its Member may see", async () => {
    const id = (await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'GREEN', distribution: { level: 'all_members' } }))).body
      .id as string;
    for (const u of [DE, KE, KE2, FR2]) expect((await t.call(u, 'GET', `/reports/${id}`)).status).toBe(200);
    const byKeAuditor = await t.call(KE_AUDITOR, 'GET', `/reports/${id}/receipts`);
    expect(byKeAuditor.status).toBe(200);
    expect(byKeAuditor.body.items.map((r: { accessorSubject: string }) => r.accessorSubject).sort()).toEqual(
      [KE.subject, KE2.subject].sort(),
    );
    const all = await t.call(auditor, 'GET', `/reports/${id}/receipts`);
    expect(all.body.items.map((r: { accessorMember: string }) => r.accessorMember).sort()).toEqual(['DE', 'FR', 'KE', 'KE']);
    // Paging the restricted view never reaches another Member's read.
    const page1 = await t.call(KE_AUDITOR, 'GET', `/reports/${id}/receipts?limit=1`);
    const page2 = await t.call(KE_AUDITOR, 'GET', `/reports/${id}/receipts?limit=1&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((r: { accessorMember: string }) => r.accessorMember)).toEqual(['KE', 'KE']);
    expect(page2.body.nextCursor).toBeNull();
    // An analyst of a Member that may see the report has no business in who else read it.
    expect((await t.call(KE, 'GET', `/reports/${id}/receipts`)).status).toBe(404);
  });
});
