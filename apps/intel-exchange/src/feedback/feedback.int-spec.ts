import { analyst, containerNumber, coordinator, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const FR = analyst('FR');
const KE = analyst('KE');
const DE = analyst('DE');
const BR = analyst('BR');
const COORD = coordinator();

interface Entry {
  member?: string;
  matchId: string | null;
  outcome: string;
  anonymous: boolean;
  subject?: string;
}

// What a feedback list may tell a caller: never a link to a report it may not see (a Member and a match id say
// that this Member holds a report sharing an identifier), and never who gave anonymous feedback, except to the
// operation's coordinator.
describe('feedback: what each caller learns from the feedback on a report', () => {
  let t: IntelTestApp;
  let serial = 310_000;
  const container = () => containerNumber('FBK', serial++);

  beforeAll(async () => {
    t = await startIntelApp('intel_feedback');
  });
  afterAll(async () => {
    await t?.close();
  });

  const feedbackOn = async (u: typeof FR, id: string): Promise<Entry[]> => {
    const res = await t.call(u, 'GET', `/reports/${id}/feedback`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('a third Member learns neither the Member nor the match of feedback on a match with a report it may not see', async () => {
    const shared = container();
    const onReport = (extra: object) =>
      seizureReport({ route: undefined, conveyance: { transportMode: 'sea', containers: [{ number: shared }] }, ...extra });
    const fr = (await t.call(FR, 'POST', '/reports', onReport({ tlp: 'GREEN', distribution: { level: 'all_members' } }))).body.id as string;
    // KE's report is named to FR only: FR and KE may know of each other, DE and BR may not know KE's report exists.
    const ke = (await t.call(KE, 'POST', '/reports', onReport({ tlp: 'AMBER', distribution: { level: 'named_members', members: ['FR'] } })))
      .body.id as string;
    const match = (await t.call(KE, 'GET', '/matches?limit=100')).body.items.find((m: { reportId: string }) => m.reportId === ke);
    expect(match).toMatchObject({ reportId: ke, matchedReportId: fr });
    expect((await t.call(DE, 'GET', `/reports/${ke}`)).status).toBe(404);

    expect((await t.call(KE, 'POST', `/reports/${fr}/feedback`, { outcome: 'hit', matchId: match.id })).status).toBe(201);
    expect((await t.call(KE, 'POST', `/reports/${fr}/feedback`, { outcome: 'seen', matchId: match.id, anonymous: true })).status).toBe(201);
    expect((await t.call(BR, 'POST', `/reports/${fr}/feedback`, { outcome: 'seen' })).status).toBe(201);
    expect((await t.call(BR, 'POST', `/reports/${fr}/feedback`, { outcome: 'false_positive', anonymous: true })).status).toBe(201);

    // DE may see FR's report but not KE's: nothing in the list points at KE or at the match.
    const byDe = await feedbackOn(DE, fr);
    expect(JSON.stringify(byDe)).not.toContain(match.id);
    expect(byDe.map((f) => f.member)).not.toContain('KE');
    expect(byDe.map((f) => ({ member: f.member, outcome: f.outcome, anonymous: f.anonymous }))).toEqual([
      { member: 'BR', outcome: 'seen', anonymous: false },
      { member: undefined, outcome: 'false_positive', anonymous: true },
    ]);
    for (const f of byDe) expect(f.subject).toBeUndefined();

    // FR may see KE's report: it sees the match and who gave the named entry, not who gave the anonymous ones.
    const byFr = await feedbackOn(FR, fr);
    expect(byFr.map((f) => ({ member: f.member, matchId: f.matchId, anonymous: f.anonymous }))).toEqual([
      { member: 'KE', matchId: match.id, anonymous: false },
      { member: undefined, matchId: match.id, anonymous: true },
      { member: 'BR', matchId: null, anonymous: false },
      { member: undefined, matchId: null, anonymous: true },
    ]);
    // KE sees its own entries whole, including who gave the named one.
    const byKe = (await feedbackOn(KE, fr)).filter((f) => f.member === 'KE');
    expect(byKe.map((f) => ({ subject: f.subject, anonymous: f.anonymous }))).toEqual([
      { subject: KE.subject, anonymous: false },
      { subject: undefined, anonymous: true },
    ]);

    // The STIX export of FR's report by DE says no more than DE's list.
    const bundle = await t.call(DE, 'GET', `/reports/${fr}/stix`);
    expect(bundle.status).toBe(200);
    const sightings = bundle.body.objects.filter((o: { type: string }) => o.type === 'sighting');
    expect(sightings).toHaveLength(byDe.length);
    expect(JSON.stringify(bundle.body)).not.toContain('"member_code":"KE"');
  });

  it("anonymous feedback hides the Member from everyone but the operation's coordinator", async () => {
    const operationId = await t.openOperation(COORD, { name: 'Feedback operation', commodityFocus: ['drugs'], participants: ['FR', 'DE'] });
    const id = (
      await t.call(
        FR,
        'POST',
        '/reports',
        seizureReport({ operationId, route: undefined, distribution: { level: 'operation_participants' } }),
      )
    ).body.id as string;
    expect((await t.call(DE, 'POST', `/reports/${id}/feedback`, { outcome: 'seized', anonymous: true })).status).toBe(201);
    expect((await feedbackOn(COORD, id)).map((f) => f.member)).toEqual(['DE']);
    expect((await feedbackOn(FR, id)).map((f) => f.member)).toEqual([undefined]);
    expect((await feedbackOn(DE, id)).map((f) => f.member)).toEqual(['DE']);
  });
});
