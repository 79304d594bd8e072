import { randomUUID } from 'node:crypto';
import { analyst, AssistanceTestApp, coordinator, expertUser, memberCoordinator, startAssistanceApp } from '../testing/assistance-test-app';
import { drive, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(90_000);

const FR = analyst('FR');
const DE = analyst('DE');

describe('assistance requests: submission, workflow and visibility (real PostgreSQL)', () => {
  let t: AssistanceTestApp;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_requests');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("drafts a request for the caller's Member, keeps the contact in the restricted schema and out of the answer", async () => {
    const created = await t.call(FR, 'POST', '/requests', requestBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      member: 'FR',
      state: 'draft',
      version: 1,
      kind: 'diagnostic_mission',
      thematicArea: 'risk_management',
    });
    expect(created.body.need).toEqual({
      source: 'performance_indicator',
      description: 'Physical inspection rate too high',
      reference: 'PMM-RM-03',
      baseline: '42% of declarations inspected',
    });
    expect(JSON.stringify(created.body)).not.toContain('camille');
    const id = created.body.id as string;
    const stored: { email: string }[] = await t.dataSource.query(`SELECT email FROM restricted.request_contact WHERE request_id = $1`, [
      id,
    ]);
    expect(stored).toEqual([{ email: 'camille.martin@douane.example' }]);
    // Nowhere outside the restricted schema.
    const leaks: unknown[] = await t.dataSource.query(
      `SELECT 1 FROM assistance_request r WHERE r::text ILIKE '%camille%' UNION ALL SELECT 1 FROM request_transition h WHERE h::text ILIKE '%camille%'`,
    );
    expect(leaks).toHaveLength(0);
    const read = await t.call(FR, 'GET', `/requests/${id}`);
    expect(read.body.contact).toEqual({ name: 'Camille Martin', email: 'camille.martin@douane.example', phone: '+33 1 23 45 67 89' });
    expect(read.body.history).toEqual([expect.objectContaining({ from: null, to: 'draft', by: FR.subject, byMember: 'FR', version: 1 })]);
  });

  it('creates one request for a retried POST with the same Idempotency-Key, and the replay carries no contact', async () => {
    const key = `create-${randomUUID()}`;
    const body = requestBody({ title: 'Retried request' });
    const first = await t.call(FR, 'POST', '/requests', body, { 'idempotency-key': key });
    const retry = await t.call(FR, 'POST', '/requests', body, { 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(JSON.stringify(retry.body)).not.toMatch(/camille/i);
    const stored: unknown[] = await t.dataSource.query(`SELECT 1 FROM idempotency_key WHERE response_body::text ILIKE '%camille%'`);
    expect(stored).toHaveLength(0);
    expect(await t.dataSource.query(`SELECT id FROM assistance_request WHERE title = 'Retried request'`)).toHaveLength(1);
    expect((await t.call(FR, 'POST', '/requests', requestBody({ title: 'Another' }), { 'idempotency-key': key })).status).toBe(422);
  });

  it('refuses bad input with a 400 naming every invalid field (nested ones too) and writes nothing', async () => {
    const before = await t.count('assistance_request');
    const bad = await t.call(
      FR,
      'POST',
      '/requests',
      requestBody({
        kind: 'holiday',
        thematicArea: 'astrology',
        language: 'xx',
        contact: { name: 'A', email: 'not-an-email' },
        period: { start: '2027-13-01', end: '2027-03-01' },
        extra: 1,
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'thematicArea', 'language', 'contact.email', 'period.start', 'extra']));
    const backwards = await t.call(FR, 'POST', '/requests', requestBody({ period: { start: '2027-03-31', end: '2027-03-01' } }));
    expect(backwards.status).toBe(422);
    expect(backwards.body.field).toBe('period.end');
    const noBaseline = await t.call(
      FR,
      'POST',
      '/requests',
      requestBody({ need: { source: 'performance_indicator', description: 'Too slow', reference: 'TRS-1' } }),
    );
    expect(noBaseline.body.field).toBe('need.baseline');
    expect(await t.count('assistance_request')).toBe(before);
    const contacts: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM restricted.request_contact`);
    expect(contacts[0].n).toBe(before);
  });

  it('walks the whole workflow to closed, with who, when and why of every move in the history', async () => {
    const id = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(
      t,
      id,
      [{ to: 'submitted' }, { to: 'screening' }, { to: 'info_requested' }, { to: 'screening', by: FR }, ...TO_APPROVED.slice(2)],
      FR,
    );
    const history = (await t.call(coordinator(), 'GET', `/requests/${id}`)).body.history;
    expect(history.map((h: { to: string }) => h.to)).toEqual([
      'draft',
      'submitted',
      'screening',
      'info_requested',
      'screening',
      'needs_assessment',
      'pending_approval',
      'approved',
    ]);
    expect(history[3]).toMatchObject({
      from: 'screening',
      to: 'info_requested',
      by: coordinator().subject,
      byMember: 'WCO',
      reason: 'to info_requested',
    });
    expect(history[4]).toMatchObject({ by: FR.subject, byMember: 'FR' });
  });

  it('answers an illegal move with 409 listing the moves allowed from the current state, and a wrong actor with 403', async () => {
    const id = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const skip = await t.call(coordinator(), 'POST', `/requests/${id}/transitions`, { to: 'approved', version: 1 });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ code: 'illegal_transition', state: 'draft' });
    expect(skip.body.allowedTransitions).toEqual([
      { to: 'submitted', by: ['requester'] },
      { to: 'cancelled', by: ['requester'] },
    ]);
    const screenOwn = await drive(t, id, [{ to: 'submitted' }], FR);
    const selfScreen = await t.call(FR, 'POST', `/requests/${id}/transitions`, { to: 'screening', version: screenOwn.version });
    expect(selfScreen.status).toBe(403);
    expect(selfScreen.body.code).toBe('transition_forbidden');
    // The coordinator role in a Member's token is not a Secretariat coordinator (nor a requester): the request is not there for it.
    expect(
      (await t.call(memberCoordinator('FR'), 'POST', `/requests/${id}/transitions`, { to: 'screening', version: screenOwn.version }))
        .status,
    ).toBe(404);
    const stale = await t.call(coordinator(), 'POST', `/requests/${id}/transitions`, { to: 'screening', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await t.call(coordinator(), 'GET', `/requests/${id}`)).body.state).toBe('submitted');
  });

  it('needs a needs assessment before approval and links a duplicate to its original', async () => {
    const original = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const dup = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const atAssessment = await drive(t, dup, [{ to: 'submitted' }, { to: 'screening' }, { to: 'needs_assessment' }], FR);
    const early = await t.call(coordinator(), 'POST', `/requests/${dup}/transitions`, {
      to: 'pending_approval',
      version: atAssessment.version,
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('transition_precondition_failed');
    const pending = await drive(t, dup, [{ to: 'pending_approval' }], FR);
    expect(pending.needsAssessment.interventions).toEqual([{ description: 'Set up a national targeting centre', priority: 'high' }]);
    const noOriginal = await t.call(coordinator(), 'POST', `/requests/${dup}/transitions`, { to: 'duplicate', version: pending.version });
    expect(noOriginal.status).toBe(422);
    expect(noOriginal.body.field).toBe('duplicateOf');
    const self = await t.call(coordinator(), 'POST', `/requests/${dup}/transitions`, {
      to: 'duplicate',
      version: pending.version,
      duplicateOf: dup,
    });
    expect(self.status).toBe(422);
    const marked = await drive(t, dup, [{ to: 'duplicate', duplicateOf: original }], FR);
    expect(marked).toMatchObject({ state: 'duplicate', duplicateOf: original, allowedTransitions: [] });
  });

  it('puts a request on hold and resumes it where it was, and lets the requester cancel before approval', async () => {
    const id = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const held = await drive(t, id, [{ to: 'submitted' }, { to: 'screening' }, { to: 'on_hold' }], FR);
    expect(held.allowedTransitions).toEqual([
      { to: 'screening', by: ['coordinator'] },
      { to: 'cancelled', by: ['coordinator'] },
    ]);
    const wrongResume = await t.call(coordinator(), 'POST', `/requests/${id}/transitions`, {
      to: 'needs_assessment',
      version: held.version,
    });
    expect(wrongResume.status).toBe(409);
    const resumed = await drive(t, id, [{ to: 'screening' }], FR);
    expect(resumed.state).toBe('screening');
    const cancelled = await drive(t, id, [{ to: 'cancelled', by: FR }], FR);
    expect(cancelled.state).toBe('cancelled');
  });

  it('lets exactly one of many concurrent moves on one request win; the others get 409 and nothing is lost', async () => {
    const id = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const screening = await drive(t, id, [{ to: 'submitted' }, { to: 'screening' }], FR);
    const targets = [
      'needs_assessment',
      'info_requested',
      'rejected',
      'on_hold',
      'needs_assessment',
      'info_requested',
      'rejected',
      'on_hold',
    ];
    const results = await Promise.all(
      targets.map((to, i) =>
        t.call(coordinator(i + 1), 'POST', `/requests/${id}/transitions`, { to, version: screening.version, reason: `racer ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(targets.length - 1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'version_conflict')).toBe(true);
    const winner = results.find((r) => r.status === 200)!.body;
    const read = (await t.call(coordinator(), 'GET', `/requests/${id}`)).body;
    expect(read.state).toBe(winner.state);
    expect(read.version).toBe(screening.version + 1);
    // One history row for the one move that happened, naming its winner.
    expect(read.history).toHaveLength(4);
    expect(read.history[3]).toMatchObject({ from: 'screening', to: winner.state, version: read.version });
  });

  it('shows a Member only its own requests: another Member, an expert or an auditor get the answer of a random id', async () => {
    const id = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const unknown = randomUUID();
    for (const other of [DE, expertUser('expert-x', 'FR'), memberCoordinator('DE')]) {
      const hidden = await t.call(other, 'GET', `/requests/${id}`);
      const missing = await t.call(other, 'GET', `/requests/${unknown}`);
      expect([hidden.status, missing.status]).toEqual([404, 404]);
      expect(JSON.stringify(hidden.body).replaceAll(id, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
      const move = await t.call(other, 'POST', `/requests/${id}/transitions`, { to: 'submitted', version: 1 });
      expect(move.status === 404 || move.status === 403).toBe(true);
      if (move.status === 404) expect(move.body.code).toBe('request_not_found');
      const list = (await t.call(other, 'GET', '/requests?limit=100')).body;
      expect(list.items.map((r: { id: string }) => r.id)).not.toContain(id);
    }
    expect((await t.call(FR, 'GET', '/requests?limit=100')).body.items.every((r: { member: string }) => r.member === 'FR')).toBe(true);
    expect((await t.call(coordinator(), 'GET', '/requests?limit=100')).body.items.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('pages requests newest first with a cursor and filters them by state', async () => {
    for (let i = 0; i < 3; i += 1) await t.call(analyst('KE'), 'POST', '/requests', requestBody({ title: `Kenya request ${i}` }));
    const first = (await t.call(analyst('KE'), 'GET', '/requests?limit=2')).body;
    expect(first.items).toHaveLength(2);
    const second = (await t.call(analyst('KE'), 'GET', `/requests?limit=2&cursor=${first.nextCursor}`)).body;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    // Every request once, newest first (two created in the same millisecond are ordered by id, still once each).
    const all = [...first.items, ...second.items];
    expect(all.map((r: { title: string }) => r.title).sort()).toEqual(['Kenya request 0', 'Kenya request 1', 'Kenya request 2']);
    const times = all.map((r: { createdAt: string }) => Date.parse(r.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await t.call(analyst('KE'), 'GET', '/requests?state=closed')).body.items).toEqual([]);
    expect((await t.call(analyst('KE'), 'GET', '/requests?state=nonsense')).status).toBe(400);
  });
});
