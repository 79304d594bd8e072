import { fuzzOpenApi, fuzzSummary } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { auditor, financeOfficer, BudgetAuditTestApp, startBudgetAuditApp } from './testing/budget-audit-test-app';
import { findingWithRecommendations, planWithEngagement } from './testing/audit-plan-fixtures';
import { openYear } from './testing/budget-fixtures';

jest.setTimeout(120_000);

// Requests generated from the service's own OpenAPI document, valid and broken: every answer must be documented,
// never a 5xx, and a refused request must leave nothing half written.
describe('budget-audit: OpenAPI fuzzing', () => {
  let t: BudgetAuditTestApp;
  let work: Awaited<ReturnType<typeof findingWithRecommendations>>;
  let draftPlan: string;

  beforeAll(async () => {
    // No timer writes while requests are fuzzed: a tree head signed by the clock would look like a refused request's rows.
    process.env['AUDIT_TREE_HEAD_INTERVAL_MS'] = '0';
    t = await startBudgetAuditApp('budget_audit_fuzz', { env: { AUDIT_FOLLOWUP_INTERVAL_MS: '0' } });
    work = await findingWithRecommendations(t, 2027, [{ dueDate: '2027-06-30' }]);
    draftPlan = (await planWithEngagement(t, 2028, false)).planId;
    await openYear(t, 2027, [
      { code: '2.10.003', appropriationCents: 1_000_000 },
      { code: '2.10.004', appropriationCents: 0 },
    ]);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    delete process.env['AUDIT_TREE_HEAD_INTERVAL_MS'];
  });

  it('answers every generated request with a documented status and no 5xx', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as Record<string, unknown>;
    const report = await fuzzOpenApi({
      baseUrl: await t.app.getUrl(),
      document,
      authorization: `Bearer ${await t.token(financeOfficer())}`,
      databaseUrl: t.databaseUrl,
      seed: 1,
      // A year that exists, so that a mutated request is refused for what the mutation broke, not for the year.
      seedParams: Object.fromEntries(
        Object.keys(document.paths as object)
          .filter((p) => p.includes('{year}'))
          .map((p) => [p, { year: '2027' }]),
      ),
      seedBodies: {
        'POST /fiscal-years': { year: 2028 },
        'POST /fiscal-years/{year}/budget-versions': {
          id: randomUUID(),
          title: 'Fuzzed',
          lines: [{ code: '2.10.003', title: 'Line', programme: 'SP5', appropriationCents: 100 }],
        },
        'POST /journal-entries': {
          id: randomUUID(),
          fiscalYear: 2027,
          description: 'Fuzzed',
          postings: [
            { account: '6000', side: 'debit', amountCents: 10, lineCode: '2.10.003' },
            { account: '1000', side: 'credit', amountCents: '10' },
          ],
        },
        'POST /journal-entries/batch': {
          entries: [
            {
              id: randomUUID(),
              fiscalYear: 2027,
              description: 'Fuzzed',
              postings: [
                { account: '6000', side: 'debit', amountCents: 10, lineCode: '2.10.003' },
                { account: '1000', side: 'credit', amountCents: '10' },
              ],
            },
          ],
        },
        'POST /fiscal-years/{year}/virements': {
          id: randomUUID(),
          fromLineCode: '2.10.003',
          toLineCode: '2.10.004',
          amountCents: 10,
          reason: 'Fuzzed',
        },
        'POST /commitments': { id: randomUUID(), fiscalYear: 2027, lineCode: '2.10.003', amountCents: 10, description: 'Fuzzed' },
      },
    });
    process.stdout.write(`${fuzzSummary('budget-audit', report)}\n`);
    expect(report.violations).toEqual([]);
    expect(report.total).toBeGreaterThan(0);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });

  // Audit work is written by auditors (and answered by management): the same fuzzing with an auditor's token over the
  // audit routes, whose path ids name a plan, an engagement, a finding and a recommendation that exist.
  it('answers every generated audit-work request with a documented status and no 5xx (as an auditor)', async () => {
    const full = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as { paths: Record<string, unknown> };
    const paths = Object.fromEntries(Object.entries(full.paths).filter(([p]) => p.startsWith('/audit-') && !p.startsWith('/audit-log')));
    expect(Object.keys(paths).length).toBeGreaterThanOrEqual(12);
    const report = await fuzzOpenApi({
      baseUrl: await t.app.getUrl(),
      document: { ...full, paths },
      authorization: `Bearer ${await t.token(auditor)}`,
      databaseUrl: t.databaseUrl,
      seed: 2,
      seedParams: {
        '/audit-plans/{id}': { id: work.planId },
        '/audit-plans/{id}/transitions': { id: work.planId },
        '/audit-plans/{id}/engagements': { id: draftPlan },
        '/audit-engagements/{id}': { id: work.engagementId },
        '/audit-engagements/{id}/transitions': { id: work.engagementId },
        '/audit-engagements/{id}/findings': { id: work.engagementId },
        '/audit-findings/{id}': { id: work.findingId },
        '/audit-findings/{id}/recommendations': { id: work.findingId },
        ...Object.fromEntries(
          ['', '/transitions', '/action-plan', '/due-date'].map((tail) => [
            `/audit-recommendations/{id}${tail}`,
            { id: work.recommendationIds[0] },
          ]),
        ),
      },
      seedBodies: {
        'POST /audit-plans': { id: randomUUID(), fiscalYear: 2029, title: 'Fuzzed plan' },
        'POST /audit-plans/{id}/transitions': { to: 'submitted' },
        'POST /audit-plans/{id}/engagements': {
          id: randomUUID(),
          title: 'Fuzzed',
          scope: 'Scope',
          leadAuditor: 'IAO-07',
          plannedStart: '2028-01-01',
          plannedEnd: '2028-02-01',
        },
        'POST /audit-engagements/{id}/transitions': { to: 'draft_report', reason: 'Fuzzed' },
        'POST /audit-engagements/{id}/findings': {
          id: randomUUID(),
          title: 'Fuzzed',
          description: 'Fuzzed',
          severity: 'low',
          recommendations: [{ id: randomUUID(), text: 'Fuzzed', priority: 'low', owner: 'ORG2/FIN', dueDate: '2027-12-31' }],
        },
        'POST /audit-findings/{id}/recommendations': {
          recommendations: [{ id: randomUUID(), text: 'Fuzzed', priority: 'low', owner: 'ORG2/FIN', dueDate: '2027-12-31' }],
        },
        'POST /audit-recommendations/{id}/transitions': { to: 'in_progress', reason: 'Fuzzed' },
        'PUT /audit-recommendations/{id}/action-plan': { actions: 'Fuzzed', targetDate: '2027-09-30' },
        'POST /audit-recommendations/{id}/due-date': { dueDate: '2027-10-31', reason: 'Fuzzed' },
      },
    });
    process.stdout.write(`${fuzzSummary('budget-audit (audit work, auditor)', report)}\n`);
    expect(report.violations).toEqual([]);
    expect(report.operations).toHaveLength(Object.values(paths).reduce<number>((n, ops) => n + Object.keys(ops as object).length, 0));
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });
});
