import { randomUUID } from 'node:crypto';
import { analyst, AssistanceTestApp, coordinator, expertUser, startAssistanceApp } from '../testing/assistance-test-app';
import { drive, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(90_000);

const FR = analyst('FR');
const EXPERT = expertUser('logistics-expert', 'KE');

describe('assistance mission logistics: role-checked steps, recorded in the mission history (real PostgreSQL)', () => {
  let t: AssistanceTestApp;
  let requestId: string;
  let expertId: string;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_logistics');
    requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    expertId = (
      await t.call(coordinator(), 'POST', '/experts', {
        subject: EXPERT.subject,
        member: 'KE',
        fullName: 'L E',
        email: 'l@e.example',
        languages: ['fr'],
        thematicAreas: ['risk_management'],
        accreditation: { programme: 'Mercator', on: '2024-01-01', until: '2030-01-01' },
      })
    ).body.id as string;
  });
  afterAll(async () => {
    await t?.close();
  });

  let month = 0;
  /** A planned mission with the expert assigned (each in its own month, so the expert is free). */
  async function mission(): Promise<{ id: string; version: number }> {
    month++;
    const mm = String(month).padStart(2, '0');
    const created = await t.call(
      coordinator(),
      'POST',
      `/requests/${requestId}/missions`,
      missionBody({ startDate: `2028-${mm}-03`, endDate: `2028-${mm}-05` }),
    );
    expect(created.body.logisticsStatus).toBe('not_started');
    const assigned = await t.call(coordinator(), 'POST', `/missions/${created.body.id}/experts`, { expertId });
    expect(assigned.status).toBe(200);
    return { id: created.body.id as string, version: assigned.body.version as number };
  }
  const move = (id: string, body: Record<string, unknown>, by = coordinator()) => t.call(by, 'POST', `/missions/${id}/logistics`, body);

  it('walks the steps one at a time, each in the history with who, their Member and the version', async () => {
    const m = await mission();
    let version = m.version;
    for (const [to, by] of [
      ['travel_booked', EXPERT],
      ['visas_obtained', EXPERT],
      ['venue_confirmed', coordinator()],
      ['ready', coordinator()],
    ] as const) {
      const res = await move(m.id, { to, version }, by);
      expect(res.status).toBe(200);
      expect(res.body.logisticsStatus).toBe(to);
      expect(res.body.version).toBe(version + 1);
      version = res.body.version;
    }
    const history = (await t.call(FR, 'GET', `/missions/${m.id}/history`)).body.items;
    expect(history.filter((h: { change: string }) => h.change === 'logistics')).toEqual([
      expect.objectContaining({
        from: 'not_started',
        to: 'travel_booked',
        actor: EXPERT.subject,
        actorMember: 'KE',
        version: m.version + 1,
      }),
      expect.objectContaining({ from: 'travel_booked', to: 'visas_obtained', actor: EXPERT.subject }),
      expect.objectContaining({ from: 'visas_obtained', to: 'venue_confirmed', actor: coordinator().subject, actorMember: 'WCO' }),
      expect.objectContaining({ from: 'venue_confirmed', to: 'ready', version: m.version + 4 }),
    ]);
    expect(history[0]).toMatchObject({ change: 'planned', to: 'planned', actor: coordinator().subject });
    expect(history.map((h: { change: string }) => h.change)).toContain('expert_assigned');
    // The assigned expert reads it too.
    expect((await t.call(EXPERT, 'GET', `/missions/${m.id}/history`)).status).toBe(200);
  });

  it('refuses a skipped step with the moves allowed, and a move back without a reason', async () => {
    const m = await mission();
    const skipped = await move(m.id, { to: 'venue_confirmed', version: m.version });
    expect(skipped.status).toBe(409);
    expect(skipped.body).toMatchObject({
      code: 'illegal_logistics_move',
      logisticsStatus: 'not_started',
      allowedMoves: [{ to: 'travel_booked', by: ['coordinator', 'expert'], reasonRequired: false }],
    });
    const booked = await move(m.id, { to: 'travel_booked', version: m.version });
    const back = await move(m.id, { to: 'not_started', version: booked.body.version });
    expect(back.status).toBe(422);
    expect(back.body).toMatchObject({ code: 'transition_precondition_failed', field: 'reason' });
    const withReason = await move(m.id, { to: 'not_started', version: booked.body.version, reason: 'flight cancelled' });
    expect(withReason.status).toBe(200);
    const history = (await t.call(coordinator(), 'GET', `/missions/${m.id}/history`)).body.items;
    expect(history[history.length - 1]).toMatchObject({
      change: 'logistics',
      from: 'travel_booked',
      to: 'not_started',
      reason: 'flight cancelled',
    });
  });

  it('checks roles: an expert reports travel and visas only, a Member officer nothing, an expert not assigned sees no mission', async () => {
    const m = await mission();
    const byMember = await move(m.id, { to: 'travel_booked', version: m.version }, FR);
    expect(byMember.status).toBe(403);
    const booked = await move(m.id, { to: 'travel_booked', version: m.version }, EXPERT);
    const visas = await move(m.id, { to: 'visas_obtained', version: booked.body.version }, EXPERT);
    const venue = await move(m.id, { to: 'venue_confirmed', version: visas.body.version }, EXPERT);
    expect(venue.status).toBe(403);
    expect(venue.body).toMatchObject({ code: 'transition_forbidden', requiredActor: ['coordinator'] });
    const back = await move(m.id, { to: 'not_started', version: visas.body.version, reason: 'my mistake' }, EXPERT);
    expect(back.status).toBe(403);
    const stranger = await move(m.id, { to: 'venue_confirmed', version: visas.body.version }, expertUser('someone-else', 'KE'));
    const missing = await move(randomUUID(), { to: 'venue_confirmed', version: visas.body.version }, expertUser('someone-else', 'KE'));
    expect([stranger.status, missing.status]).toEqual([404, 404]);
    expect((await t.call(coordinator(), 'GET', `/missions/${m.id}`)).body.logisticsStatus).toBe('visas_obtained');
  });

  it('is optimistic: a stale version is a 409, and of two concurrent moves exactly one commits', async () => {
    const m = await mission();
    const stale = await move(m.id, { to: 'travel_booked', version: m.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: m.version });
    const racing = await Promise.all([
      move(m.id, { to: 'travel_booked', version: m.version }),
      move(m.id, { to: 'travel_booked', version: m.version }, EXPERT),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = (await t.call(coordinator(), 'GET', `/missions/${m.id}/history`)).body.items;
    expect(history.filter((h: { change: string }) => h.change === 'logistics')).toHaveLength(1);
  });

  it('leaves a cancelled mission’s logistics alone, and validates the body', async () => {
    const m = await mission();
    const cancelled = await t.call(coordinator(), 'POST', `/missions/${m.id}/cancellation`, {});
    const refused = await move(m.id, { to: 'travel_booked', version: cancelled.body.version });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('mission_state_conflict');
    const bad = await move(m.id, { to: 'teleported', version: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['to', 'version']);
  });
});
