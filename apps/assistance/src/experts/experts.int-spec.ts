import { randomUUID } from 'node:crypto';
import { analyst, AssistanceTestApp, coordinator, expertUser, startAssistanceApp } from '../testing/assistance-test-app';
import { drive, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(90_000);

const FR = analyst('FR');

function expertBody(subject: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject,
    member: 'KE',
    fullName: `Expert ${subject}`,
    email: `${subject}@experts.example`,
    languages: ['fr', 'en'],
    thematicAreas: ['risk_management', 'aeo'],
    accreditation: { programme: 'WCO Mercator Programme', on: '2024-01-15', until: '2029-01-15' },
    ...overrides,
  };
}

describe('assistance experts: roster, assignment rules and what an expert sees (real PostgreSQL)', () => {
  let t: AssistanceTestApp;
  let requestId: string;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_experts');
    requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
  });
  afterAll(async () => {
    await t?.close();
  });

  const register = async (subject: string, overrides: Record<string, unknown> = {}) => {
    const res = await t.call(coordinator(), 'POST', '/experts', expertBody(subject, overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const plan = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody(overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const assign = (missionId: string, expertId: string) => t.call(coordinator(), 'POST', `/missions/${missionId}/experts`, { expertId });

  it('registers experts (names in the restricted schema) and finds them by language, area and availability', async () => {
    const id = await register('search-1', { languages: ['es'], thematicAreas: ['integrity'] });
    const stored: unknown[] = await t.dataSource.query(`SELECT 1 FROM expert e WHERE e::text ILIKE '%Expert search-1%'`);
    expect(stored).toHaveLength(0);
    const found = (await t.call(coordinator(), 'GET', '/experts?language=es&thematicArea=integrity')).body.items;
    expect(found.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(found[0].fullName).toBe('Expert search-1');
    expect((await t.call(coordinator(), 'GET', '/experts?language=ar&thematicArea=integrity')).body.items).toEqual([]);
    expect((await t.call(coordinator(), 'POST', '/experts', expertBody('search-1'))).status).toBe(409);
    const bad = await t.call(
      coordinator(),
      'POST',
      '/experts',
      expertBody('bad-1', { languages: ['klingon'], thematicAreas: [], email: 'x' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['languages', 'thematicAreas', 'email']));
    // The roster is for coordinators: a Member officer gets an empty list, a write is refused.
    expect((await t.call(FR, 'GET', '/experts')).body.items).toEqual([]);
    expect((await t.call(FR, 'POST', '/experts', expertBody('by-member'))).status).toBe(403);
  });

  it('refuses an assignment with every reason that applies, and accepts a suitable expert', async () => {
    const mission = await plan({
      startDate: '2027-03-08',
      endDate: '2027-03-12',
      language: 'fr',
      thematicArea: 'risk_management',
      kind: 'diagnostic_mission',
    });
    const own = await register('own-admin', {
      member: 'FR',
      languages: ['en'],
      thematicAreas: ['hs'],
      accreditation: { programme: 'Mercator', on: '2020-01-01', until: '2027-03-10' },
    });
    const refused = await assign(mission, own);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('expert_assignment_refused');
    expect(refused.body.reasons.map((r: { reason: string }) => r.reason).sort()).toEqual([
      'accreditation_expired',
      'conflict_of_interest',
      'language_missing',
      'thematic_area_missing',
    ]);
    const good = await register('good-1');
    const ok = await assign(mission, good);
    expect(ok.status).toBe(200);
    expect(ok.body.expertIds).toEqual([good]);
    expect((await assign(mission, randomUUID())).status).toBe(404);
  });

  it('refuses an expert already on an overlapping mission, naming it, and accepts them on a later one', async () => {
    const expert = await register('busy-1');
    const first = await plan({ startDate: '2027-04-05', endDate: '2027-04-09' });
    expect((await assign(first, expert)).status).toBe(200);
    const overlapping = await plan({ startDate: '2027-04-09', endDate: '2027-04-12' });
    const refused = await assign(overlapping, expert);
    expect(refused.status).toBe(422);
    expect(refused.body.reasons).toEqual([
      expect.objectContaining({ reason: 'overlapping_mission', detail: expect.stringContaining(first) }),
    ]);
    const later = await plan({ startDate: '2027-04-10', endDate: '2027-04-12' });
    expect((await assign(later, expert)).status).toBe(200);
    // Busy from 5 to 9 April: not available then, available in May.
    const april = (await t.call(coordinator(), 'GET', '/experts?availableFrom=2027-04-06&availableTo=2027-04-07&limit=100')).body.items.map(
      (e: { id: string }) => e.id,
    );
    const may = (await t.call(coordinator(), 'GET', '/experts?availableFrom=2027-05-01&availableTo=2027-05-03&limit=100')).body.items.map(
      (e: { id: string }) => e.id,
    );
    expect(april).not.toContain(expert);
    expect(may).toContain(expert);
  });

  it('deactivates an expert and renews an accreditation, which the assignment rules then follow', async () => {
    const expert = await register('renew-1', { accreditation: { programme: 'Mercator', on: '2020-01-01', until: '2027-01-01' } });
    const mission = await plan({ startDate: '2027-08-02', endDate: '2027-08-04' });
    expect((await assign(mission, expert)).body.reasons.map((r: { reason: string }) => r.reason)).toEqual(['accreditation_expired']);
    const renewed = await t.call(coordinator(), 'PATCH', `/experts/${expert}`, { accreditedUntil: '2031-01-01' });
    expect(renewed.body.accreditation.until).toBe('2031-01-01');
    expect((await t.call(coordinator(), 'PATCH', `/experts/${expert}`, { active: false })).body.active).toBe(false);
    expect((await assign(mission, expert)).body.reasons.map((r: { reason: string }) => r.reason)).toEqual(['expert_inactive']);
    expect((await t.call(coordinator(), 'PATCH', `/experts/${expert}`, { accreditedUntil: '2019-01-01' })).status).toBe(422);
    expect((await t.call(coordinator(), 'PATCH', `/experts/${expert}`, { languages: ['xx'] })).body.errors[0].field).toBe('languages');
    expect((await t.call(FR, 'PATCH', `/experts/${expert}`, { active: true })).status).toBe(403);
  });

  it('lets only one of two concurrent assignments of one expert to overlapping missions through', async () => {
    const expert = await register('racer-1');
    const a = await plan({ startDate: '2027-06-01', endDate: '2027-06-05' });
    const b = await plan({ startDate: '2027-06-03', endDate: '2027-06-08' });
    const results = await Promise.all([assign(a, expert), assign(b, expert)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
  });

  it('shows an expert the missions assigned to them and no other, like an id that does not exist', async () => {
    const expertId = await register('seer-1');
    const mine = await plan({ startDate: '2027-07-01', endDate: '2027-07-03' });
    const notMine = await plan({ startDate: '2027-07-10', endDate: '2027-07-12' });
    await assign(mine, expertId);
    const me = expertUser('seer-1', 'KE');
    expect((await t.call(me, 'GET', `/missions/${mine}`)).status).toBe(200);
    const hidden = await t.call(me, 'GET', `/missions/${notMine}`);
    const unknown = randomUUID();
    const missing = await t.call(me, 'GET', `/missions/${unknown}`);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(JSON.stringify(hidden.body).replaceAll(notMine, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
    expect((await t.call(me, 'GET', '/missions')).body.items.map((m: { id: string }) => m.id)).toEqual([mine]);
    // Another expert's token with the same Member sees nothing; the requesting Member sees both; another Member none.
    expect((await t.call(expertUser('seer-2', 'KE'), 'GET', '/missions')).body.items).toEqual([]);
    const frIds = (await t.call(FR, 'GET', '/missions')).body.items.map((m: { id: string }) => m.id);
    expect(frIds).toEqual(expect.arrayContaining([mine, notMine]));
    expect((await t.call(analyst('DE'), 'GET', '/missions')).body.items).toEqual([]);
    expect((await t.call(analyst('DE'), 'GET', `/missions/${mine}`)).status).toBe(404);
    expect((await t.call(me, 'GET', `/requests/${requestId}`)).status).toBe(404);
    expect((await t.call(me, 'GET', '/experts/me')).body.id).toBe(expertId);
  });
});
