import { Topics } from '@wco/contracts';
import { randomUUID } from 'node:crypto';
import { analyst, AssistanceTestApp, coordinator, expertUser, startAssistanceApp } from '../testing/assistance-test-app';
import { ALL_CRITERIA, BudgetSide, evaluatedRequest } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');

describe('assistance follow-up visits: planned where the evaluation asks for one, done with an outcome or cancelled', () => {
  let t: AssistanceTestApp;
  let budget: BudgetSide;
  let requestId: string;
  let missionId: string;
  let expertId: string;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_follow_ups', { kafka: true });
    budget = new BudgetSide(t.topics[Topics.BudgetFunding]);
    await budget.start();
    ({ requestId, missionId } = await evaluatedRequest(t, budget, FR));
    expertId = (
      await t.call(coordinator(), 'POST', '/experts', {
        subject: 'fu-expert',
        member: 'KE',
        fullName: 'F U',
        email: 'f@u.example',
        languages: ['fr'],
        thematicAreas: ['risk_management'],
        accreditation: { programme: 'Mercator', on: '2024-01-01', until: '2030-01-01' },
      })
    ).body.id as string;
    // Assigned while the mission was live: here set in the database, the mission being delivered already.
    await t.dataSource.query(
      `INSERT INTO mission_expert (mission_id, expert_id, assigned_by, assigned_at) VALUES ($1, $2, 'test', now())`,
      [missionId, expertId],
    );
  });
  afterAll(async () => {
    await budget?.stop();
    await t?.close();
  });

  const plan = (body: Record<string, unknown>, id = requestId, by = coordinator()) =>
    t.call(by, 'POST', `/requests/${id}/follow-ups`, body);

  it('plans a visit linked to the mission, which the Member, the coordinator and the mission’s expert see', async () => {
    const created = await plan({ plannedDate: '2028-03-01', purpose: 'Check the targeting centre', missionId });
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe(`/follow-ups/${created.body.id}`);
    expect(created.body).toMatchObject({ requestId, missionId, member: 'FR', status: 'planned', outcome: null, version: 1 });
    const id = created.body.id as string;
    for (const who of [FR, coordinator(), expertUser('fu-expert', 'KE')]) {
      expect((await t.call(who, 'GET', `/follow-ups/${id}`)).status).toBe(200);
      expect((await t.call(who, 'GET', '/follow-ups')).body.items.map((f: { id: string }) => f.id)).toContain(id);
    }
    expect((await t.call(FR, 'GET', `/requests/${requestId}/follow-ups`)).body.items.map((f: { id: string }) => f.id)).toEqual([id]);
    // Another Member, and an expert not on the mission, see nothing: as for an id that does not exist.
    for (const who of [analyst('DE'), expertUser('other-expert', 'KE')]) {
      const hidden = await t.call(who, 'GET', `/follow-ups/${id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('follow_up_not_found');
      expect((await t.call(who, 'GET', '/follow-ups')).body.items).toEqual([]);
    }
  });

  it('records it done with its outcome (required), and refuses any move after that', async () => {
    const id = (await plan({ plannedDate: '2028-04-01', purpose: 'Second look' })).body.id as string;
    const noOutcome = await t.call(coordinator(), 'POST', `/follow-ups/${id}/transitions`, { to: 'done', version: 1 });
    expect(noOutcome.status).toBe(422);
    expect(noOutcome.body).toMatchObject({ code: 'transition_precondition_failed', field: 'outcome' });
    const stale = await t.call(coordinator(), 'POST', `/follow-ups/${id}/transitions`, { to: 'done', version: 7, outcome: 'Fine' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 1 });
    const byMember = await t.call(FR, 'POST', `/follow-ups/${id}/transitions`, { to: 'done', version: 1, outcome: 'Fine' });
    expect(byMember.status).toBe(403);
    const done = await t.call(coordinator(), 'POST', `/follow-ups/${id}/transitions`, {
      to: 'done',
      version: 1,
      outcome: 'The centre runs 40 profiles',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      outcome: 'The centre runs 40 profiles',
      version: 2,
      closedBy: coordinator().subject,
    });
    const again = await t.call(coordinator(), 'POST', `/follow-ups/${id}/transitions`, { to: 'cancelled', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'illegal_follow_up_transition', followUpStatus: 'done', allowedTransitions: [] });
    expect((await t.call(coordinator(), 'GET', '/follow-ups?status=done')).body.items.map((f: { id: string }) => f.id)).toEqual([id]);
  });

  it('cancels a planned visit', async () => {
    const id = (await plan({ plannedDate: '2028-05-01', purpose: 'Third look' })).body.id as string;
    const cancelled = await t.call(coordinator(), 'POST', `/follow-ups/${id}/transitions`, {
      to: 'cancelled',
      version: 1,
      reason: 'merged',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'merged', outcome: null });
  });

  it('refuses a visit the evaluation does not ask for, a mission of another request, and bad input, writing nothing', async () => {
    const before = await t.count('follow_up_visit');
    const other = await evaluatedRequest(t, budget, FR, { criteria: ALL_CRITERIA, followUpNeeded: false });
    const notAsked = await plan({ plannedDate: '2028-03-01', purpose: 'Not asked for' }, other.requestId);
    expect(notAsked.status).toBe(422);
    expect(notAsked.body.code).toBe('follow_up_not_requested');
    const foreignMission = await plan({ plannedDate: '2028-03-01', purpose: 'Wrong mission', missionId: other.missionId });
    expect(foreignMission.status).toBe(422);
    expect(foreignMission.body).toMatchObject({ code: 'transition_precondition_failed', field: 'missionId' });
    const bad = await plan({ plannedDate: '2028-02-30', purpose: '', missionId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['missionId', 'plannedDate', 'purpose']);
    expect((await plan({ plannedDate: '2028-03-01', purpose: 'By a Member' }, requestId, FR)).status).toBe(403);
    expect((await plan({ plannedDate: '2028-03-01', purpose: 'Unknown request' }, randomUUID())).status).toBe(404);
    expect(await t.count('follow_up_visit')).toBe(before);
  });
});
