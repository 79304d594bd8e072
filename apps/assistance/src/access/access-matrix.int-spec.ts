import { randomUUID } from 'node:crypto';
import {
  analyst,
  AssistanceTestApp,
  coordinator,
  expertUser,
  memberCoordinator,
  startAssistanceApp,
  TestUser,
} from '../testing/assistance-test-app';
import { Topics } from '@wco/contracts';
import { BudgetSide, drive, evaluatedRequest, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');

/*
 * Every route that takes an id, called by callers who may not see the thing: the answer must be byte for byte the
 * answer for a random id (ids masked), and must not change anything. Expected visibility comes from the rules
 * written here, not from the service's policy code: FR's analyst and WCO coordinators see the FR request, its
 * mission and the follow-up visit of FR's evaluated request; the assigned expert sees the mission only.
 */
describe('assistance access matrix: hidden answers like missing on every id route', () => {
  let t: AssistanceTestApp;
  let budget: BudgetSide;
  let requestId: string;
  let missionId: string;
  let followUpId: string;
  let evaluatedId: string;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_matrix', { kafka: true });
    budget = new BudgetSide(t.topics[Topics.BudgetFunding]);
    await budget.start();
    const evaluated = await evaluatedRequest(t, budget, FR);
    evaluatedId = evaluated.requestId;
    const visit = await t.call(coordinator(), 'POST', `/requests/${evaluatedId}/follow-ups`, {
      plannedDate: '2028-03-01',
      purpose: 'Check the targeting centre',
      missionId: evaluated.missionId,
    });
    expect(visit.status).toBe(201);
    followUpId = visit.body.id as string;
    requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    missionId = (await t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody())).body.id as string;
    const expertId = (
      await t.call(coordinator(), 'POST', '/experts', {
        subject: 'matrix-expert',
        member: 'KE',
        fullName: 'M E',
        email: 'm@e.example',
        languages: ['fr'],
        thematicAreas: ['risk_management'],
        accreditation: { programme: 'Mercator', on: '2024-01-01', until: '2030-01-01' },
      })
    ).body.id as string;
    expect((await t.call(coordinator(), 'POST', `/missions/${missionId}/experts`, { expertId })).status).toBe(200);
  });
  afterAll(async () => {
    await budget?.stop();
    await t?.close();
  });

  type Route = {
    method: 'GET' | 'POST' | 'PUT';
    path: (id: string) => string;
    body?: Record<string, unknown>;
    kind: 'request' | 'mission' | 'follow-up';
  };
  const score = { rating: 3, comment: 'ok' };
  const routes: Route[] = [
    { kind: 'request', method: 'GET', path: (id) => `/requests/${id}` },
    { kind: 'request', method: 'POST', path: (id) => `/requests/${id}/transitions`, body: { to: 'scheduled', version: 1 } },
    {
      kind: 'request',
      method: 'PUT',
      path: (id) => `/requests/${id}/needs-assessment`,
      body: { findings: 'abc', gaps: [], interventions: [], version: 1 },
    },
    { kind: 'request', method: 'GET', path: (id) => `/requests/${id}/evaluation` },
    {
      kind: 'request',
      method: 'PUT',
      path: (id) => `/requests/${id}/evaluation`,
      body: {
        criteria: { relevance: score, coherence: score, effectiveness: score, efficiency: score, impact: score, sustainability: score },
        satisfaction: 3,
        followUpNeeded: false,
      },
    },
    { kind: 'request', method: 'POST', path: (id) => `/requests/${id}/missions`, body: missionBody() },
    { kind: 'mission', method: 'GET', path: (id) => `/missions/${id}` },
    { kind: 'mission', method: 'POST', path: (id) => `/missions/${id}/funding-request`, body: {} },
    {
      kind: 'mission',
      method: 'POST',
      path: (id) => `/missions/${id}/delivery`,
      body: { actualCents: 1, findings: 'abc', recommendations: [] },
    },
    { kind: 'mission', method: 'POST', path: (id) => `/missions/${id}/cancellation`, body: {} },
    { kind: 'mission', method: 'POST', path: (id) => `/missions/${id}/experts`, body: { expertId: randomUUID() } },
    { kind: 'mission', method: 'POST', path: (id) => `/missions/${id}/logistics`, body: { to: 'travel_booked', version: 1 } },
    { kind: 'mission', method: 'GET', path: (id) => `/missions/${id}/history` },
    { kind: 'request', method: 'GET', path: (id) => `/requests/${id}/follow-ups` },
    {
      kind: 'request',
      method: 'POST',
      path: (id) => `/requests/${id}/follow-ups`,
      body: { plannedDate: '2028-03-01', purpose: 'Another look' },
    },
    { kind: 'follow-up', method: 'GET', path: (id) => `/follow-ups/${id}` },
    {
      kind: 'follow-up',
      method: 'POST',
      path: (id) => `/follow-ups/${id}/transitions`,
      body: { to: 'done', version: 1, outcome: 'All well' },
    },
  ];
  const ALL: Route['kind'][] = ['request', 'mission', 'follow-up'];
  const outsiders: [string, TestUser, Route['kind'][]][] = [
    ['another Member', analyst('DE'), ALL],
    ['a Member token with the coordinator role', memberCoordinator('DE'), ALL],
    ["the coordinator role in the requesting Member's token", memberCoordinator('FR'), ALL],
    ['an expert not assigned', expertUser('other-expert', 'KE'), ALL],
    // Assigned to the planned mission, not to the evaluated request's mission the visit follows up.
    ['the assigned expert, for the request and the visit', expertUser('matrix-expert', 'KE'), ['request', 'follow-up']],
    ['an auditor', { subject: 'auditor-1', member: 'NL', roles: ['auditor'] }, ALL],
  ];

  // What an outsider's call could change; for the outbox, the events ever written (its sequence), not the rows the
  // relay has yet to publish (which it deletes meanwhile).
  const snapshot = async () =>
    JSON.stringify(
      await t.dataSource.query(
        `SELECT (SELECT json_agg(r ORDER BY id) FROM assistance_request r) AS r, (SELECT json_agg(m ORDER BY id) FROM mission m) AS m,
                (SELECT json_agg(f ORDER BY id) FROM follow_up_visit f) AS f, (SELECT count(*) FROM mission_history) AS h,
                (SELECT last_value FROM outbox_seq_seq) AS o`,
      ),
    );

  for (const [who, user, kinds] of outsiders) {
    for (const route of routes.filter((r) => kinds.includes(r.kind))) {
      it(`${who}: ${route.method} ${route.path(':id')} answers as for a random id and changes nothing`, async () => {
        const before = await snapshot();
        const real = route.kind === 'request' ? requestId : route.kind === 'mission' ? missionId : followUpId;
        const unknown = randomUUID();
        const hidden = await t.call(user, route.method, route.path(real), route.body);
        const missing = await t.call(user, route.method, route.path(unknown), route.body);
        expect(hidden.status).toBe(missing.status);
        expect([403, 404]).toContain(hidden.status);
        expect(JSON.stringify(hidden.body).replaceAll(real, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
        expect(await snapshot()).toBe(before);
      });
    }
  }

  // The lists and exports: an outsider's list holds none of FR's things, and exports answer as to anyone with none.
  for (const [who, user] of outsiders.filter(([, , kinds]) => kinds.includes('mission'))) {
    it(`${who}: the lists and exports show nothing of FR's`, async () => {
      const ids = [requestId, missionId, followUpId, evaluatedId];
      for (const url of ['/requests', '/missions', '/follow-ups', '/follow-ups?status=planned']) {
        const res = await t.call(user, 'GET', url);
        expect(res.status).toBe(200);
        expect(ids.filter((id) => JSON.stringify(res.body).includes(id))).toEqual([]);
      }
      const iati = await t.call(user, 'GET', '/exports/iati-activities.xml');
      expect([iati.status, iati.body.code]).toEqual([404, 'no_activities']);
      for (const url of ['/portfolio/requests', '/portfolio/missions']) expect((await t.call(user, 'GET', url)).status).toBe(403);
    });
  }

  it('lets the requester and the assigned expert read what is theirs (the matrix is not vacuous)', async () => {
    expect((await t.call(FR, 'GET', `/follow-ups/${followUpId}`)).status).toBe(200);
    expect((await t.call(FR, 'GET', `/missions/${missionId}/history`)).status).toBe(200);
    expect((await t.call(FR, 'GET', '/follow-ups')).body.items.map((f: { id: string }) => f.id)).toEqual([followUpId]);
    expect((await t.call(coordinator(), 'GET', `/requests/${requestId}/follow-ups`)).status).toBe(200);
    expect((await t.call(expertUser('matrix-expert', 'KE'), 'GET', `/missions/${missionId}/history`)).status).toBe(200);
    const exported = await t.call(FR, 'GET', '/exports/iati-activities.xml');
    expect([exported.status, String(exported.body).includes(evaluatedId)]).toEqual([200, true]);
    expect((await t.call(FR, 'GET', `/requests/${requestId}`)).status).toBe(200);
    expect((await t.call(FR, 'GET', `/missions/${missionId}`)).status).toBe(200);
    expect((await t.call(expertUser('matrix-expert', 'KE'), 'GET', `/missions/${missionId}`)).status).toBe(200);
    expect((await t.call(coordinator(), 'GET', `/missions/${missionId}`)).status).toBe(200);
  });
});
