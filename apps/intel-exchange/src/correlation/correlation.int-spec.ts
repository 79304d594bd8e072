import { analyst, containerNumber, coordinator, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import type { TestUser } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const FR = analyst('FR');
const DE = analyst('DE');
const KE = analyst('KE');
const COORD = coordinator();
const ADMIN_US: TestUser = { subject: 'admin-us', member: 'US', roles: ['admin'] };

describe('correlation: indexed matching, ubiquity threshold, concurrency, feedback', () => {
  let t: IntelTestApp;
  let serial = 700_000;
  const container = () => containerNumber('COR', serial++);
  // No route: only the containers (and documents) given by each test can match.
  const report = (containers: string[], extra: Record<string, unknown> = {}) =>
    seizureReport({
      route: undefined,
      conveyance: { transportMode: 'sea', containers: containers.map((number) => ({ number })) },
      ...extra,
    });

  beforeAll(async () => {
    t = await startIntelApp('intel_correlation', { env: { CORRELATION_UBIQUITY_THRESHOLD: '3' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const matchesOf = async (reportId: string) =>
    (await t.dataSource.query(`SELECT report_a, report_b, indicator_kinds FROM report_match WHERE report_a = $1 OR report_b = $1`, [
      reportId,
    ])) as {
      report_a: string;
      report_b: string;
      indicator_kinds: string[];
    }[];

  it('a value shared by more reports than the threshold stops matching and is reported as ubiquitous', async () => {
    const common = container();
    const ids: string[] = [];
    for (const u of [FR, DE, KE, FR, DE]) ids.push((await t.call(u, 'POST', '/reports', report([common]))).body.id);
    // Threshold 3: the 2nd and 3rd reports match the earlier ones; from the 4th on the value is ubiquitous.
    expect((await matchesOf(ids[0])).length).toBe(2);
    expect((await matchesOf(ids[2])).length).toBe(2);
    expect((await matchesOf(ids[3])).length).toBe(0);
    expect((await matchesOf(ids[4])).length).toBe(0);
    const counted: { report_count: number; ubiquitous: boolean }[] = await t.dataSource.query(
      `SELECT c.report_count, c.ubiquitous_since IS NOT NULL AS ubiquitous FROM indicator_count c WHERE c.display_value = $1`,
      [common],
    );
    expect(counted).toEqual([{ report_count: 5, ubiquitous: true }]);

    // All five are all_members reports: an analyst sees them all.
    const listed = await t.call(FR, 'GET', '/indicators/ubiquitous');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ kind: 'container', value: common, reportCount: 5 }));
  });

  it('the ubiquitous list shows a value only to a caller who may see a report that carries it', async () => {
    const shared = container();
    const company = `CO${serial++}`;
    const hidden = report([shared], {
      tlp: 'AMBER+STRICT',
      distribution: { level: 'originator_only' },
      companies: [{ name: 'Shell Trading Ltd', role: 'consignee', country: 'PA', identifier: { scheme: 'TIN', value: company } }],
    });
    // More reports than the threshold (3), each seen by its originator only.
    for (const u of [FR, DE, KE, analyst('BR')]) expect((await t.call(u, 'POST', '/reports', hidden)).status).toBe(201);
    const values = async (u: TestUser) => {
      const res = await t.call(u, 'GET', '/indicators/ubiquitous?limit=100');
      expect({ user: u.subject, status: res.status }).toEqual({ user: u.subject, status: 200 });
      return res.body.items.map((i: { value: string }) => i.value).filter((v: string) => v === shared || v.includes(company));
    };
    for (const outsider of [ADMIN_US, COORD, analyst('US')])
      expect({ user: outsider.subject, values: await values(outsider) }).toEqual({ user: outsider.subject, values: [] });
    expect((await values(FR)).length).toBe(2);
  });

  it('the ubiquitous list counts only the reports the caller may see, and says nothing of when hidden ones came', async () => {
    const shared = container();
    const mine = report([shared]);
    const theirs = report([shared], { tlp: 'AMBER+STRICT', distribution: { level: 'originator_only' } });
    for (const [u, body] of [
      [FR, mine],
      [FR, mine],
      [DE, theirs],
      [KE, theirs],
    ] as const)
      expect((await t.call(u, 'POST', '/reports', body)).status).toBe(201);
    const item = (await t.call(FR, 'GET', '/indicators/ubiquitous?limit=100')).body.items.find(
      (i: { value: string }) => i.value === shared,
    );
    // FR sees its own two reports; the two hidden ones must not show, neither as a count nor as the moment the
    // value crossed the threshold (that was a hidden report's submission).
    expect(item).toEqual({ kind: 'container', value: shared, reportCount: 2 });
  });

  it('never correlates on free text: same description, no shared identifier, no match', async () => {
    const a = (await t.call(FR, 'POST', '/reports', report([container()]))).body.id;
    const b = (await t.call(DE, 'POST', '/reports', report([container()]))).body.id;
    expect(await matchesOf(a)).toEqual([]);
    expect(await matchesOf(b)).toEqual([]);
  });

  it('patterns link reports only in pairs: the same goods on the same route alone is a trend, goods and concealment on it is a match', async () => {
    // A route no other test uses; each report has its own container, so only the patterns can link them.
    const onRoute = (hsCode: string, concealment: string) =>
      report([container()], {
        route: { origin: { country: 'JP' }, destination: { country: 'CL' } },
        goods: [{ commodityCategory: 'drugs', description: 'Methamphetamine', hsCode, quantity: { value: 5, unit: 'kg' } }],
        concealment: { code: concealment },
      });
    const a = (await t.call(FR, 'POST', '/reports', onRoute('293971', 'false_wall'))).body.id;
    const sameGoodsOnly = (await t.call(DE, 'POST', '/reports', onRoute('293979', 'tyres'))).body.id;
    const goodsAndConcealment = (await t.call(KE, 'POST', '/reports', onRoute('293972', 'false_wall'))).body.id;

    expect(await matchesOf(sameGoodsOnly)).toEqual([]);
    const linked = await matchesOf(goodsAndConcealment);
    expect(linked).toEqual([
      {
        report_a: [a, goodsAndConcealment].sort()[0],
        report_b: [a, goodsAndConcealment].sort()[1],
        indicator_kinds: ['concealment_route', 'hs_heading_route'],
      },
    ]);
    // The lone shared pattern is still indexed and counted towards ubiquity.
    const counted: { report_count: number }[] = await t.dataSource.query(
      `SELECT report_count FROM indicator_count WHERE display_value = $1`,
      ['2939 JP>CL'],
    );
    expect(counted).toEqual([{ report_count: 3 }]);
    const keMatches = await t.call(KE, 'GET', '/matches');
    expect(keMatches.body.items).toContainEqual(
      expect.objectContaining({
        reportId: goodsAndConcealment,
        matchedReportId: a,
        indicatorKinds: ['concealment_route', 'hs_heading_route'],
      }),
    );
  });

  it('concurrent submissions sharing a value all find each other (advisory locks on the indicator hash)', async () => {
    const shared = container();
    const results = await Promise.all([FR, DE, KE].map((u) => t.call(u, 'POST', '/reports', report([shared]))));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const ids = results.map((r) => r.body.id as string);
    const rows: { n: string }[] = await t.dataSource.query(
      `SELECT count(*) AS n FROM report_match WHERE report_a = ANY($1::uuid[]) AND report_b = ANY($1::uuid[])`,
      [ids],
    );
    expect(Number(rows[0].n)).toBe(3);
  });

  it('a new version that adds a shared value creates the match; GET /matches lists it; feedback can be given on it', async () => {
    const doc = { kind: 'bill_of_lading', number: `BOL${serial++}` };
    const a = (
      await t.call(FR, 'POST', '/reports', report([container()], { conveyance: { transportMode: 'sea', transportDocuments: [doc] } }))
    ).body.id;
    const b = (await t.call(DE, 'POST', '/reports', report([container()]))).body.id;
    expect(await matchesOf(b)).toEqual([]);
    const revised = await t.call(
      DE,
      'POST',
      `/reports/${b}/versions`,
      report([container()], { conveyance: { transportMode: 'sea', transportDocuments: [doc] } }),
    );
    expect(revised.status).toBe(201);
    const m = await matchesOf(b);
    expect(m).toHaveLength(1);
    expect(m[0].indicator_kinds).toEqual(['bill_of_lading']);

    const frMatches = await t.call(FR, 'GET', '/matches');
    const match = frMatches.body.items.find((x: { reportId: string }) => x.reportId === a);
    expect(match).toMatchObject({ reportId: a, matchedReportId: b, indicatorKinds: ['bill_of_lading'] });

    const fb = await t.call(FR, 'POST', `/reports/${b}/feedback`, { outcome: 'hit', matchId: match.id });
    expect(fb.status).toBe(201);
    expect(fb.body).toMatchObject({ outcome: 'hit', matchId: match.id, member: 'FR', subject: FR.subject, anonymous: false });
    const anon = await t.call(FR, 'POST', `/reports/${b}/feedback`, { outcome: 'seized', anonymous: true });
    expect(anon.body).toMatchObject({ anonymous: true });
    const stored: { subject: string | null }[] = await t.dataSource.query('SELECT subject FROM feedback WHERE id = $1', [anon.body.id]);
    expect(stored[0].subject).toBeNull();
    // KE is no party of that match.
    expect((await t.call(KE, 'POST', `/reports/${b}/feedback`, { outcome: 'seen', matchId: match.id })).status).toBe(404);
    const seenByDe = await t.call(DE, 'GET', `/reports/${b}/feedback`);
    expect(seenByDe.body.map((f: { outcome: string }) => f.outcome)).toEqual(['hit', 'seized']);
    expect(seenByDe.body[0].subject).toBeUndefined();
    expect((await t.call(FR, 'POST', `/reports/${b}/feedback`, { outcome: 'maybe' })).status).toBe(400);
  });
});
