import { BODY_PROBLEMS, QUERY_PROBLEMS, ROLE_PROBLEMS, TOKEN_PROBLEMS } from '@wco/http';
import type { ProblemCodes } from '@wco/http';
import { createHash, randomUUID } from 'node:crypto';
import { admin, auditor, BudgetAuditTestApp, auditCommittee, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { findingWithRecommendations, planWithEngagement } from '../testing/audit-plan-fixtures';
import { auditKinds } from '../testing/budget-fixtures';
import { AUDIT_PLAN_ERROR_CODES } from './audit-plan.errors';

jest.setTimeout(120_000);

const officer = financeOfficer();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('audit plan and follow-up (PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_audit_plan', { env: { AUDIT_FOLLOWUP_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const tables = [
    'audit_plan',
    'audit_engagement',
    'audit_finding',
    'audit_recommendation',
    'audit_action_plan',
    'audit_history',
    'audit_log_entry',
  ];
  const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (x) => [x, await t.count(x)])));

  it('drafts a plan, locks it from submission, and only the committee agrees it; a later version supersedes it', async () => {
    const id = randomUUID();
    const body = { id, fiscalYear: 2031, title: 'Internal audit plan 2031' };
    const created = await t.call(auditor, 'POST', '/audit-plans', body);
    expect([created.status, created.body.status, created.body.version]).toEqual([201, 'draft', 1]);
    const again = await t.call(auditor, 'POST', '/audit-plans', body);
    expect([again.status, again.body.id]).toEqual([200, id]);
    const reused = await t.call(auditor, 'POST', '/audit-plans', { ...body, title: 'Another' });
    expect([reused.status, reused.body.code]).toEqual([409, 'id_reused']);
    expect((await t.call(officer, 'POST', '/audit-plans', { ...body, id: randomUUID() })).status).toBe(403);

    const engagement = {
      id: randomUUID(),
      title: 'Payroll',
      scope: 'Salary payments',
      leadAuditor: 'IAO-07',
      plannedStart: '2031-03-01',
      plannedEnd: '2031-03-31',
    };
    expect((await t.call(auditor, 'POST', `/audit-plans/${id}/engagements`, engagement)).status).toBe(201);
    const early = await t.call(auditor, 'POST', `/audit-engagements/${engagement.id}/transitions`, { to: 'fieldwork' });
    expect([early.status, early.body.code]).toEqual([409, 'plan_not_agreed']);

    expect((await t.call(auditor, 'POST', `/audit-plans/${id}/transitions`, { to: 'submitted' })).body.status).toBe('submitted');
    const locked = await t.call(auditor, 'POST', `/audit-plans/${id}/engagements`, { ...engagement, id: randomUUID() });
    expect([locked.status, locked.body.code]).toEqual([409, 'plan_locked']);
    const self = await t.call(auditor, 'POST', `/audit-plans/${id}/transitions`, { to: 'agreed' });
    expect([self.status, self.body.code]).toEqual([403, 'insufficient_role']);
    const returned = await t.call(auditCommittee, 'POST', `/audit-plans/${id}/transitions`, { to: 'draft' });
    expect([returned.status, returned.body.code, returned.body.errors[0].field]).toEqual([422, 'reason_required', 'reason']);
    expect((await t.call(auditCommittee, 'POST', `/audit-plans/${id}/transitions`, { to: 'agreed' })).body.status).toBe('agreed');

    const v2 = await planWithEngagement(t, 2031);
    const first = await t.call(admin, 'GET', `/audit-plans/${id}`);
    expect([first.body.status, first.body.supersededBy]).toEqual(['superseded', v2.planId]);
    expect(first.body.history.map((h: { to: string; by: string }) => `${h.to} by ${h.by}`)).toEqual([
      'draft by auditor-1',
      'submitted by auditor-1',
      'agreed by audit-committee-1',
      'superseded by audit-committee-1',
    ]);
    // An engagement agreed in the superseded version carries on.
    const carriesOn = await t.call(auditor, 'POST', `/audit-engagements/${engagement.id}/transitions`, {
      to: 'fieldwork',
      reason: 'Started',
    });
    expect([carriesOn.status, carriesOn.body.status]).toEqual([200, 'fieldwork']);
    expect((await t.call(admin, 'GET', `/audit-plans/${v2.planId}`)).body).toMatchObject({
      version: 2,
      status: 'agreed',
      agreedBy: 'audit-committee-1',
    });
    const listed = await t.call(auditor, 'GET', '/audit-plans?fiscalYear=2031&status=agreed');
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([v2.planId]);

    expect(await auditKinds(t, id)).toEqual(['audit.plan.created', 'audit.plan.submitted', 'audit.plan.agreed', 'audit.plan.superseded']);
    expect(await auditKinds(t, engagement.id)).toEqual(['audit.engagement.created', 'audit.engagement.status']);
    const [entry] = await t.dataSource.query(`SELECT payload FROM audit_log_entry WHERE aggregate_id = $1 ORDER BY seq LIMIT 1`, [id]);
    expect(entry.payload).toEqual({ planId: id, fiscalYear: 2031, version: 1, titleSha256: sha256(body.title), by: 'auditor-1' });
  });

  it('runs an engagement through its five states, each step by its actor, and refuses a move the table lacks', async () => {
    const { engagementId } = await planWithEngagement(t, 2032);
    const move = (user: typeof auditor, to: string) => t.call(user, 'POST', `/audit-engagements/${engagementId}/transitions`, { to });
    const skip = await move(auditor, 'final_report');
    expect([skip.status, skip.body.code, skip.body.from, skip.body.allowedTransitions]).toEqual([
      409,
      'invalid_transition',
      'planned',
      ['fieldwork'],
    ]);
    const unknown = await move(auditor, 'archived');
    expect([unknown.status, unknown.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['to']]);
    expect((await move(officer, 'fieldwork')).status).toBe(403);
    expect((await move(auditor, 'fieldwork')).body.status).toBe('fieldwork');
    expect((await move(auditor, 'fieldwork')).status).toBe(200);
    expect((await move(auditor, 'draft_report')).body.status).toBe('draft_report');
    const notAuditor = await move(auditor, 'management_response');
    expect([notAuditor.status, notAuditor.body.code]).toEqual([403, 'insufficient_role']);
    expect((await move(financeOfficer('FR'), 'management_response')).status).toBe(403);
    expect((await move(officer, 'management_response')).body.status).toBe('management_response');
    const done = await move(auditor, 'final_report');
    expect([done.body.status, done.body.allowedTransitions]).toEqual(['final_report', []]);
    expect(done.body.history.map((h: { from: string | null; to: string; by: string }) => `${h.from}>${h.to} ${h.by}`)).toEqual([
      'null>planned auditor-1',
      'planned>fieldwork auditor-1',
      'fieldwork>draft_report auditor-1',
      'draft_report>management_response finance-officer-wco-1',
      'management_response>final_report auditor-1',
    ]);
    const late = await t.call(auditor, 'POST', `/audit-engagements/${engagementId}/findings`, {
      id: randomUUID(),
      title: 't',
      description: 'd',
      severity: 'low',
      recommendations: [{ id: randomUUID(), text: 'x', priority: 'low', owner: 'ORG2', dueDate: '2032-12-31' }],
    });
    expect([late.status, late.body.code]).toEqual([409, 'engagement_state_conflict']);
  });

  it('follows a recommendation: action plans, implementation, a failed and a passed verification, with its full history', async () => {
    const { recommendationIds } = await findingWithRecommendations(t, 2033, [{ dueDate: '2033-09-30' }]);
    const [id] = recommendationIds;
    const move = (user: typeof auditor, to: string, reason?: string) =>
      t.call(user, 'POST', `/audit-recommendations/${id}/transitions`, { to, ...(reason === undefined ? {} : { reason }) });
    const plan = { actions: 'Configure the booking tool to require an approval id', targetDate: '2033-06-30' };
    expect((await t.call(auditor, 'PUT', `/audit-recommendations/${id}/action-plan`, plan)).status).toBe(403);
    expect((await t.call(officer, 'PUT', `/audit-recommendations/${id}/action-plan`, plan)).body.actionPlan.version).toBe(1);
    expect((await t.call(officer, 'PUT', `/audit-recommendations/${id}/action-plan`, plan)).body.actionPlans).toHaveLength(1);
    const v2 = await t.call(officer, 'PUT', `/audit-recommendations/${id}/action-plan`, { ...plan, targetDate: '2033-08-31' });
    expect(v2.body.actionPlans.map((a: { version: number; targetDate: string }) => `${a.version} ${a.targetDate}`)).toEqual([
      '1 2033-06-30',
      '2 2033-08-31',
    ]);

    expect((await move(officer, 'in_progress')).body.status).toBe('in_progress');
    expect((await move(officer, 'closed')).body.code).toBe('invalid_transition');
    expect((await move(officer, 'implemented')).body.status).toBe('implemented');
    expect((await move(officer, 'closed')).status).toBe(403);
    const before = await counts();
    const noReason = await move(auditor, 'in_progress', '  ');
    expect([noReason.status, noReason.body.code, noReason.body.errors[0].field]).toEqual([422, 'reason_required', 'reason']);
    expect(await counts()).toEqual(before);
    expect((await move(auditor, 'in_progress', 'Two bookings in May still lack an approval id')).body.status).toBe('in_progress');
    // Someone holding both roles reports it implemented: that person may not verify it; another auditor does.
    const both = { subject: 'officer-and-auditor', member: 'WCO', roles: ['finance-officer', 'auditor'] } as typeof auditor;
    expect((await move(both, 'implemented')).body.status).toBe('implemented');
    const self = await move(both, 'closed', 'I checked my own work');
    expect([self.status, self.body.code]).toEqual([403, 'self_verification']);
    const closed = await move(auditor, 'closed', 'Re-performed on 20 bookings');
    expect([closed.body.status, closed.body.allowedTransitions]).toEqual(['closed', []]);
    expect((await move(auditCommittee, 'risk_accepted', 'late')).body.code).toBe('invalid_transition');

    const history = (await t.call(admin, 'GET', `/audit-recommendations/${id}`)).body.history;
    expect(
      history.map((h: { change: string; from: string | null; to: string; by: string; reason: string | null }) => [
        h.change,
        h.from,
        h.to,
        h.by,
        h.reason,
      ]),
    ).toEqual([
      ['created', null, 'open', 'auditor-1', null],
      ['action_plan', null, 'v1', 'finance-officer-wco-1', null],
      ['action_plan', 'v1', 'v2', 'finance-officer-wco-1', null],
      ['status', 'open', 'in_progress', 'finance-officer-wco-1', null],
      ['status', 'in_progress', 'implemented', 'finance-officer-wco-1', null],
      ['status', 'implemented', 'in_progress', 'auditor-1', 'Two bookings in May still lack an approval id'],
      ['status', 'in_progress', 'implemented', 'officer-and-auditor', null],
      ['status', 'implemented', 'closed', 'auditor-1', 'Re-performed on 20 bookings'],
    ]);
    expect(history.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
    expect(await auditKinds(t, id)).toEqual([
      'audit.recommendation.action_plan',
      'audit.recommendation.action_plan',
      ...Array(5).fill('audit.recommendation.status'),
    ]);
    await expect(t.dataSource.query(`UPDATE audit_history SET reason = 'x' WHERE subject_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('accepts a risk only from the Audit Committee and only with a justification', async () => {
    const { recommendationIds } = await findingWithRecommendations(t, 2034, [{ dueDate: '2034-06-30' }]);
    const [id] = recommendationIds;
    const url = `/audit-recommendations/${id}/transitions`;
    const before = await counts();
    for (const body of [{ to: 'risk_accepted' }, { to: 'risk_accepted', reason: '' }, { to: 'risk_accepted', reason: '   ' }]) {
      const res = await t.call(auditCommittee, 'POST', url, body);
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([422, 'reason_required', 'reason']);
    }
    for (const user of [officer, auditor])
      expect((await t.call(user, 'POST', url, { to: 'risk_accepted', reason: 'fine' })).status).toBe(403);
    expect((await t.call(admin, 'POST', url, { to: 'risk_accepted', reason: 'fine' })).body.code).toBe('insufficient_role');
    expect(await counts()).toEqual(before);
    const justification = 'The booking tool is replaced in 2035; compensating monthly review by the Director of Finance';
    const accepted = await t.call(auditCommittee, 'POST', url, { to: 'risk_accepted', reason: justification });
    expect([accepted.status, accepted.body.status, accepted.body.riskAcceptance]).toEqual([200, 'risk_accepted', justification]);
    const [entry] = await t.dataSource.query(`SELECT payload FROM audit_log_entry WHERE aggregate_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
    expect(entry.payload).toMatchObject({
      from: 'open',
      to: 'risk_accepted',
      by: 'audit-committee-1',
      reasonSha256: sha256(justification),
    });
    expect(JSON.stringify(entry.payload)).not.toContain('booking tool');
  });

  it('refuses bad findings naming each field, and writes nothing of a refused one', async () => {
    const { engagementId } = await findingWithRecommendations(t, 2035, [{ dueDate: '2035-06-30' }]);
    const existing = (await t.call(auditor, 'GET', `/audit-recommendations?engagementId=${engagementId}`)).body.items[0].id;
    const before = await counts();
    const bad = await t.call(auditor, 'POST', `/audit-engagements/${engagementId}/findings`, {
      id: randomUUID(),
      title: '',
      description: 'd',
      severity: 'critical',
      recommendations: [
        { id: randomUUID(), text: 'x', priority: 'urgent', owner: 'jane.doe@wco.example', dueDate: '2035-02-30' },
        { id: 'nope', text: 'y', priority: 'low', owner: 'ORG2', dueDate: '1999-12-31' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [
        'recommendations.0.dueDate',
        'recommendations.0.owner',
        'recommendations.0.priority',
        'recommendations.1.dueDate',
        'recommendations.1.id',
        'severity',
        'title',
      ].sort(),
    );
    const dates = await t.call(auditor, 'POST', `/audit-plans/${randomUUID()}/engagements`, {
      id: randomUUID(),
      title: 'x',
      scope: 'y',
      leadAuditor: 'IAO-07',
      plannedStart: '2035-05-01',
      plannedEnd: '2035-04-30',
    });
    expect([dates.status, dates.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['plannedEnd']]);
    const reused = await t.call(auditor, 'POST', `/audit-engagements/${engagementId}/findings`, {
      id: randomUUID(),
      title: 'Second',
      description: 'd',
      severity: 'low',
      recommendations: [
        { id: randomUUID(), text: 'x', priority: 'low', owner: 'ORG2', dueDate: '2035-12-31' },
        { id: existing, text: 'y', priority: 'low', owner: 'ORG2', dueDate: '2035-12-31' },
      ],
    });
    expect([reused.status, reused.body.code]).toEqual([409, 'id_reused']);
    const twice = randomUUID();
    const doubled = await t.call(auditor, 'POST', `/audit-engagements/${engagementId}/findings`, {
      id: randomUUID(),
      title: 'Third',
      description: 'd',
      severity: 'low',
      recommendations: [0, 1].map(() => ({ id: twice, text: 'x', priority: 'low', owner: 'ORG2', dueDate: '2035-12-31' })),
    });
    expect([doubled.status, doubled.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['recommendations']]);
    expect(await counts()).toEqual(before);
  });

  it('adds recommendations to a finding, a retry answering the same, and none once the report is final', async () => {
    const first = await findingWithRecommendations(t, 2037, [{ dueDate: '2037-06-30' }]);
    const other = await findingWithRecommendations(t, 2038, [{ dueDate: '2038-06-30' }]);
    const url = `/audit-findings/${first.findingId}/recommendations`;
    const rec = { id: randomUUID(), text: 'Train the travel desk', priority: 'medium', owner: 'ORG2/HR', dueDate: '2037-09-30' };
    const added = await t.call(auditor, 'POST', url, { recommendations: [rec] });
    expect([added.status, added.body.recommendations.map((r: { id: string }) => r.id)]).toEqual([
      201,
      [first.recommendationIds[0], rec.id],
    ]);
    expect((await t.call(auditor, 'POST', url, { recommendations: [rec] })).status).toBe(200);
    expect((await t.call(officer, 'POST', url, { recommendations: [{ ...rec, id: randomUUID() }] })).status).toBe(403);
    const before = await counts();
    const reused = await t.call(auditor, 'POST', url, {
      recommendations: [
        { ...rec, id: randomUUID() },
        { ...rec, id: other.recommendationIds[0] },
      ],
    });
    expect([reused.status, reused.body.code]).toEqual([409, 'id_reused']);
    const changed = await t.call(auditor, 'POST', url, { recommendations: [{ ...rec, text: 'Another text' }] });
    expect([changed.status, changed.body.code]).toEqual([409, 'id_reused']);
    expect(await counts()).toEqual(before);
    expect(await auditKinds(t, first.findingId)).toEqual(['audit.finding.recorded', 'audit.recommendation.added']);
    const move = (user: typeof auditor, to: string) => t.call(user, 'POST', `/audit-engagements/${first.engagementId}/transitions`, { to });
    await move(auditor, 'draft_report');
    await move(officer, 'management_response');
    const late = await t.call(auditor, 'POST', url, { recommendations: [{ ...rec, id: randomUUID() }] });
    expect([late.status, late.body.code]).toEqual([409, 'engagement_state_conflict']);
  });

  it('lists recommendations by status, severity, priority, owner and overdue, a page at a time', async () => {
    const { engagementId, recommendationIds } = await findingWithRecommendations(
      t,
      2036,
      [
        { dueDate: '2001-01-31', priority: 'high', owner: 'ORG2/FIN' },
        { dueDate: '2199-12-31', priority: 'low', owner: 'ORG2/HR' },
        { dueDate: '2002-01-31', priority: 'medium', owner: 'ORG2/FIN' },
      ],
      'medium',
    );
    const ids = (query: string) =>
      t
        .call(auditor, 'GET', `/audit-recommendations?engagementId=${engagementId}&${query}`)
        .then((r) => r.body.items.map((i: { id: string }) => i.id).sort());
    expect(await ids('overdue=true')).toEqual([recommendationIds[0], recommendationIds[2]].sort());
    expect(await ids('overdue=false')).toEqual([recommendationIds[1]]);
    expect(await ids('owner=ORG2/FIN&priority=medium')).toEqual([recommendationIds[2]]);
    expect(await ids('severity=medium&status=open')).toHaveLength(3);
    expect(await ids('severity=high')).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.call(
        auditor,
        'GET',
        `/audit-recommendations?engagementId=${engagementId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...recommendationIds].sort());
    for (const query of ['cursor=AAAA', 'overdue=yes', 'severity=critical', 'limit=101', 'owner=a%20b']) {
      const res = await t.call(auditor, 'GET', `/audit-recommendations?${query}`);
      expect([query, res.status, res.body.errors.length > 0]).toEqual([query, 400, true]);
    }
    const findings = await t.call(admin, 'GET', `/audit-findings?engagementId=${engagementId}&severity=medium`);
    expect(findings.body.items[0].recommendations).toHaveLength(3);
  });

  it("documents on the audit routes only codes of the feature's closed list and the platform's, and uses every listed one", async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const codesOf = (response: any): string[] =>
      response?.content?.['application/problem+json']?.schema?.allOf?.find((x: any) => x.properties?.code)?.properties.code.enum ?? [];
    const listed = new Set(
      Object.entries(doc.paths as Record<string, Record<string, any>>)
        .filter(([path]) => path.startsWith('/audit-') && !path.startsWith('/audit-log'))
        .flatMap(([, ops]) => Object.values(ops).flatMap((op: any) => Object.values(op.responses ?? {}).flatMap(codesOf))),
    );
    const platform = ([TOKEN_PROBLEMS, BODY_PROBLEMS, QUERY_PROBLEMS, ROLE_PROBLEMS] as ProblemCodes[]).flatMap((p) =>
      Object.values(p).flatMap((codes) => [...(codes ?? [])]),
    );
    const closed = new Set<string>([...platform, 'bad_url', 'uri_too_long', 'invalid_cursor', ...AUDIT_PLAN_ERROR_CODES]);
    expect([...listed].filter((c) => !closed.has(c)).sort()).toEqual([]);
    expect(AUDIT_PLAN_ERROR_CODES.filter((c) => !listed.has(c))).toEqual([]);
  });
});
