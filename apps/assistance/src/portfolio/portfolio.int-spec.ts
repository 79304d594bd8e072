import { analyst, AssistanceTestApp, coordinator, memberCoordinator, startAssistanceApp } from '../testing/assistance-test-app';
import { drive, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';
import { toCsv } from './portfolio.service';

jest.setTimeout(90_000);

const zeroBuckets = { age0to30: 0, age31to90: 0, age91to180: 0, age181to365: 0, ageOver365: 0 };

describe('assistance portfolio views for coordinators', () => {
  let t: AssistanceTestApp;
  let march: string;
  let april: string;

  const csv = async (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await t.token(coordinator())}`, ...headers } });

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_portfolio');
    await t.call(analyst('FR'), 'POST', '/requests', requestBody({ thematicArea: 'hs' }));
    await t.call(analyst('FR'), 'POST', '/requests', requestBody({ thematicArea: 'hs' }));
    const old = (await t.call(analyst('FR'), 'POST', '/requests', requestBody({ thematicArea: 'hs' }))).body.id as string;
    // Drafted 100 days ago (moved in the database rather than waited for).
    await t.dataSource.query(`UPDATE assistance_request SET created_at = now() - interval '100 days' WHERE id = $1`, [old]);
    await t.call(analyst('DE'), 'POST', '/requests', requestBody({ thematicArea: 'hs' }));
    await t.call(analyst('ZZ'), 'POST', '/requests', requestBody({ thematicArea: 'aeo' }));
    const ke = (await t.call(analyst('KE'), 'POST', '/requests', requestBody({ thematicArea: 'integrity' }))).body.id as string;
    await drive(t, ke, [...TO_APPROVED, { to: 'mission_planning' }], analyst('KE'));
    march = (
      await t.call(coordinator(), 'POST', `/requests/${ke}/missions`, missionBody({ startDate: '2027-03-08', endDate: '2027-03-10' }))
    ).body.id as string;
    const cancelled = (
      await t.call(coordinator(), 'POST', `/requests/${ke}/missions`, missionBody({ startDate: '2027-03-20', endDate: '2027-03-21' }))
    ).body.id as string;
    await t.call(coordinator(), 'POST', `/missions/${cancelled}/cancellation`, {});
    april = (
      await t.call(
        coordinator(),
        'POST',
        `/requests/${ke}/missions`,
        missionBody({
          startDate: '2027-04-01',
          endDate: '2027-04-02',
          costEstimate: { travelCents: 1, subsistenceCents: 2, feesCents: 3 },
        }),
      )
    ).body.id as string;
    // Delivered with their actual cost (the saga is funding-saga.int-spec.ts's business; here only the sums count).
    await t.dataSource.query(`UPDATE mission SET state = 'delivered', actual_cents = 500000 WHERE id = $1`, [march]);
    await t.dataSource.query(`UPDATE mission SET state = 'delivered', actual_cents = 10 WHERE id = $1`, [april]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts requests by WCO region, theme and state, in age buckets', async () => {
    const rows = (await t.call(coordinator(), 'GET', '/portfolio/requests')).body;
    expect(rows).toEqual([
      {
        region: 'east_southern_africa',
        regionName: 'East and Southern Africa',
        thematicArea: 'integrity',
        state: 'mission_planning',
        requests: 1,
        ...zeroBuckets,
        age0to30: 1,
        meanAgeDays: 0,
        oldestAgeDays: 0,
      },
      // FR and DE together: one region.
      {
        region: 'europe',
        regionName: 'Europe',
        thematicArea: 'hs',
        state: 'draft',
        requests: 4,
        ...zeroBuckets,
        age0to30: 3,
        age91to180: 1,
        meanAgeDays: 25,
        oldestAgeDays: 100,
      },
      // A code the region table does not have is counted, not dropped.
      expect.objectContaining({ region: 'unassigned', thematicArea: 'aeo', requests: 1 }),
    ]);
  });

  it('splits a region by Member when asked', async () => {
    const rows = (await t.call(coordinator(), 'GET', '/portfolio/requests?by=member')).body;
    expect(rows.filter((r: { region: string }) => r.region === 'europe')).toEqual([
      expect.objectContaining({ member: 'DE', requests: 1, age0to30: 1 }),
      expect.objectContaining({ member: 'FR', requests: 3, age0to30: 2, age91to180: 1 }),
    ]);
    expect((await t.call(coordinator(), 'GET', '/portfolio/requests?by=planet')).status).toBe(400);
  });

  it('sums missions per month and region, with spending against the estimates of the delivered ones', async () => {
    expect((await t.call(coordinator(), 'GET', '/portfolio/missions')).body).toEqual([
      {
        month: '2027-03',
        region: 'east_southern_africa',
        missions: 2,
        delivered: 1,
        cancelled: 1,
        estimateCents: 570_000,
        deliveredEstimateCents: 570_000,
        actualCents: 500_000,
        varianceCents: -70_000,
      },
      {
        month: '2027-04',
        region: 'east_southern_africa',
        missions: 1,
        delivered: 1,
        cancelled: 0,
        estimateCents: 6,
        deliveredEstimateCents: 6,
        actualCents: 10,
        varianceCents: 4,
      },
    ]);
  });

  it('serves CSV for Accept: text/csv (or format=csv), JSON otherwise', async () => {
    const byAccept = await csv('/portfolio/missions', { accept: 'text/csv' });
    expect(byAccept.headers['content-type']).toContain('text/csv');
    expect(byAccept.body).toBe(
      'month,region,missions,delivered,cancelled,estimateCents,deliveredEstimateCents,actualCents,varianceCents\r\n' +
        '2027-03,east_southern_africa,2,1,1,570000,570000,500000,-70000\r\n' +
        '2027-04,east_southern_africa,1,1,0,6,6,10,4\r\n',
    );
    expect((await csv('/portfolio/missions?format=csv')).body).toBe(byAccept.body);
    const requests = await csv('/portfolio/requests', { accept: 'text/csv;q=1.0, application/json;q=0.5' });
    expect(requests.body.split('\r\n')[0]).toBe(
      'region,regionName,thematicArea,state,requests,age0to30,age31to90,age91to180,age181to365,ageOver365,meanAgeDays,oldestAgeDays',
    );
    expect(requests.body).toContain('europe,Europe,hs,draft,4,3,0,1,0,0,25,100\r\n');
    const json = await csv('/portfolio/requests', { accept: 'application/json' });
    expect(json.headers['content-type']).toContain('application/json');
    expect((await t.call(coordinator(), 'GET', '/portfolio/missions?format=xml')).status).toBe(400);
  });

  it('is refused to Members, including a Member token with the coordinator role', async () => {
    for (const url of ['/portfolio/requests', '/portfolio/missions', '/portfolio/requests?by=member']) {
      expect((await t.call(analyst('FR'), 'GET', url)).status).toBe(403);
      expect((await t.call(memberCoordinator('FR'), 'GET', url)).status).toBe(403);
    }
  });

  it('escapes CSV cells and defuses spreadsheet formulas in text, not in numbers', () => {
    expect(toCsv([{ a: '=SUM(A1)', b: 'x,"y"', c: -5, d: '-5' }], ['a', 'b', 'c', 'd'])).toBe(`a,b,c,d\r\n'=SUM(A1),"x,""y""",-5,'-5\r\n`);
  });
});
