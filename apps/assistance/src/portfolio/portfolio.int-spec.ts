import { analyst, AssistanceTestApp, coordinator, memberCoordinator, startAssistanceApp } from '../testing/assistance-test-app';
import { drive, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';
import { toCsv } from './portfolio.service';

jest.setTimeout(90_000);

describe('assistance portfolio views for coordinators', () => {
  let t: AssistanceTestApp;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_portfolio');
    await t.call(analyst('FR'), 'POST', '/requests', requestBody({ thematicArea: 'hs' }));
    await t.call(analyst('FR'), 'POST', '/requests', requestBody({ thematicArea: 'hs' }));
    const ke = (await t.call(analyst('KE'), 'POST', '/requests', requestBody({ thematicArea: 'integrity' }))).body.id as string;
    await drive(t, ke, [...TO_APPROVED, { to: 'mission_planning' }], analyst('KE'));
    await t.call(coordinator(), 'POST', `/requests/${ke}/missions`, missionBody({ startDate: '2027-03-08', endDate: '2027-03-10' }));
    const cancelled = (
      await t.call(coordinator(), 'POST', `/requests/${ke}/missions`, missionBody({ startDate: '2027-03-20', endDate: '2027-03-21' }))
    ).body.id as string;
    await t.call(coordinator(), 'POST', `/missions/${cancelled}/cancellation`, {});
    await t.call(
      coordinator(),
      'POST',
      `/requests/${ke}/missions`,
      missionBody({ startDate: '2027-04-01', endDate: '2027-04-02', costEstimate: { travelCents: 1, subsistenceCents: 2, feesCents: 3 } }),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts requests by Member, theme and state', async () => {
    const rows = (await t.call(coordinator(), 'GET', '/portfolio/requests')).body;
    expect(rows).toEqual([
      expect.objectContaining({ member: 'FR', thematicArea: 'hs', state: 'draft', requests: 2, meanAgeDays: 0 }),
      expect.objectContaining({ member: 'KE', thematicArea: 'integrity', state: 'mission_planning', requests: 1 }),
    ]);
  });

  it('sums estimates of live missions per month, and serves CSV', async () => {
    expect((await t.call(coordinator(), 'GET', '/portfolio/missions')).body).toEqual([
      { month: '2027-03', missions: 2, delivered: 0, cancelled: 1, estimateCents: 570_000, actualCents: 0 },
      { month: '2027-04', missions: 1, delivered: 0, cancelled: 0, estimateCents: 6, actualCents: 0 },
    ]);
    const csv = await t.app.inject({
      method: 'GET',
      url: '/portfolio/missions?format=csv',
      headers: { authorization: `Bearer ${await t.token(coordinator())}` },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe(
      'month,missions,delivered,cancelled,estimateCents,actualCents\r\n2027-03,2,0,1,570000,0\r\n2027-04,1,0,0,6,0\r\n',
    );
    expect((await t.call(coordinator(), 'GET', '/portfolio/missions?format=xml')).status).toBe(400);
  });

  it('is refused to Members, including a Member token with the coordinator role', async () => {
    expect((await t.call(analyst('FR'), 'GET', '/portfolio/requests')).status).toBe(403);
    expect((await t.call(memberCoordinator('FR'), 'GET', '/portfolio/requests')).status).toBe(403);
    expect((await t.call(memberCoordinator('FR'), 'GET', '/portfolio/missions')).status).toBe(403);
  });

  it('escapes CSV cells and defuses spreadsheet formulas', () => {
    expect(toCsv([{ a: '=SUM(A1)', b: 'x,"y"' }], ['a', 'b'])).toBe(`a,b\r\n'=SUM(A1),"x,""y"""\r\n`);
  });
});
