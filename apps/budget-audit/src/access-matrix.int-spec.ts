import type { WcoRole } from '@wco/auth';
import { randomUUID } from 'node:crypto';
import {
  admin,
  auditCommittee,
  auditor,
  BudgetAuditTestApp,
  financeCommittee,
  financeOfficer,
  startBudgetAuditApp,
  TestUser,
} from './testing/budget-audit-test-app';
import { findingWithRecommendations, planWithEngagement } from './testing/audit-plan-fixtures';
import { openYear } from './testing/budget-fixtures';

jest.setTimeout(120_000);

// Every route x every kind of caller. The expectation is an oracle written here from the rules of the issue
// (finance officers of the Secretariat write, the Finance Committee accepts, auditors and admins only read the books;
// auditors write audit work, management - the Secretariat's finance officers - responds to it, the Audit Committee
// (audit-committee, not the Finance Committee) agrees plans, accepts risks and reads the books), not taken from the service's decorators; a refused caller
// must leave the database exactly as it was.

type Kind = 'read' | 'write' | 'accept' | 'audit' | 'respond' | 'agree' | 'chart';
const CALLERS: Record<string, TestUser> = {
  officerWCO: financeOfficer(),
  officerFR: financeOfficer('FR'),
  committee: financeCommittee,
  auditCommittee,
  auditor,
  auditorWCO: { subject: 'auditor-wco', member: 'WCO', roles: ['auditor'] },
  admin,
  analyst: { subject: 'analyst-fr', member: 'FR', roles: ['member-analyst'] },
  everythingButFinance: {
    subject: 'many',
    member: 'WCO',
    roles: [
      'auditor',
      'audit-committee',
      'admin',
      'member-analyst',
      'operation-coordinator',
      'editor',
      'expert',
      'assistance-coordinator',
    ] as WcoRole[],
  },
};
const READER_ROLES: WcoRole[] = ['finance-officer', 'finance-committee', 'auditor', 'audit-committee', 'admin'];

function allowed(kind: Kind, u: TestUser): boolean {
  if (kind === 'read') return u.roles.some((r) => READER_ROLES.includes(r));
  if (kind === 'accept') return u.roles.includes('finance-committee');
  if (kind === 'agree') return u.roles.includes('audit-committee');
  if (kind === 'audit') return u.roles.includes('auditor');
  // The chart of accounts: the Secretariat's finance officers and admins, never anyone holding an auditor's role.
  if (kind === 'chart') {
    if (u.roles.some((r) => r === 'auditor' || r === 'audit-committee')) return false;
    return u.roles.includes('admin') || (u.roles.includes('finance-officer') && u.member === 'WCO');
  }
  return u.roles.includes('finance-officer') && u.member === 'WCO';
}

describe('role x route matrix', () => {
  let t: BudgetAuditTestApp;
  const ids: Record<string, string> = {};
  let accountsMade = 0;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_matrix');
    await openYear(t, 2070, [
      { code: '7.10.001', appropriationCents: 10_000_000 },
      { code: '7.10.002', appropriationCents: 0 },
    ]);
    const officer = CALLERS.officerWCO;
    await t.call(officer, 'POST', '/fiscal-years', { year: 2080 });
    ids.entry = randomUUID();
    await t.call(officer, 'POST', '/journal-entries', {
      id: ids.entry,
      fiscalYear: 2070,
      description: 'x',
      postings: [
        { account: '1100', side: 'debit', amountCents: 5 },
        { account: '4000', side: 'credit', amountCents: 5 },
      ],
    });
    for (const name of ['toPost', 'toVoid', 'toRead']) {
      ids[name] = randomUUID();
      await t.call(officer, 'POST', '/commitments', {
        id: ids[name],
        fiscalYear: 2070,
        lineCode: '7.10.001',
        amountCents: 100,
        description: name,
      });
    }
    for (const name of ['draft', 'submitted']) {
      ids[name] = randomUUID();
      await t.call(officer, 'POST', '/fiscal-years/2080/budget-versions', {
        id: ids[name],
        title: name,
        lines: [{ code: '7.10.001', title: 'l', programme: 'ORG2', appropriationCents: 1 }],
      });
    }
    await t.call(officer, 'POST', `/budget-versions/${ids.submitted}/submit`);
    // Above the default approval threshold (5,000,000 cents): pending until the committee approves.
    ids.virement = randomUUID();
    await t.call(officer, 'POST', '/fiscal-years/2070/virements', {
      id: ids.virement,
      fromLineCode: '7.10.001',
      toLineCode: '7.10.002',
      amountCents: 6_000_000,
      reason: 'pending',
    });
    const draft = await planWithEngagement(t, 2071, false);
    ids.draftPlan = draft.planId;
    const submitted = await planWithEngagement(t, 2072, false);
    ids.submittedPlan = submitted.planId;
    await t.call(auditor, 'POST', `/audit-plans/${submitted.planId}/transitions`, { to: 'submitted' });
    ids.plannedEngagement = (await planWithEngagement(t, 2073)).engagementId;
    const work = await findingWithRecommendations(t, 2074, [
      { dueDate: '2074-06-30' },
      { dueDate: '2074-06-30' },
      { dueDate: '2074-06-30' },
    ]);
    [ids.toStart, ids.toAccept, ids.toMove] = work.recommendationIds;
    ids.fieldwork = work.engagementId;
    ids.finding = work.findingId;
    const responding = await findingWithRecommendations(t, 2075, [{ dueDate: '2075-06-30' }]);
    await t.call(auditor, 'POST', `/audit-engagements/${responding.engagementId}/transitions`, { to: 'draft_report' });
    ids.atDraftReport = responding.engagementId;
  });
  afterAll(async () => {
    await t?.close();
  });

  const routes: { kind: Kind; method: 'GET' | 'POST' | 'PUT' | 'PATCH'; url: () => string; body?: () => object }[] = [
    { kind: 'read', method: 'GET', url: () => '/fiscal-years' },
    { kind: 'read', method: 'GET', url: () => '/fiscal-years/2070' },
    { kind: 'read', method: 'GET', url: () => '/fiscal-years/2070/budget-versions' },
    { kind: 'read', method: 'GET', url: () => `/budget-versions/${ids.draft}` },
    { kind: 'read', method: 'GET', url: () => '/fiscal-years/2070/budget-vs-actual' },
    { kind: 'read', method: 'GET', url: () => '/fiscal-years/2070/trial-balance' },
    { kind: 'read', method: 'GET', url: () => '/accounts' },
    { kind: 'read', method: 'GET', url: () => `/journal-entries/${ids.entry}` },
    { kind: 'read', method: 'GET', url: () => '/journal-entries?fiscalYear=2070' },
    { kind: 'read', method: 'GET', url: () => '/commitments?fiscalYear=2070' },
    { kind: 'read', method: 'GET', url: () => `/commitments/${ids.toRead}` },
    { kind: 'write', method: 'POST', url: () => '/fiscal-years', body: () => ({ year: 2090 }) },
    { kind: 'write', method: 'POST', url: () => '/fiscal-years/2070/open' },
    { kind: 'write', method: 'POST', url: () => '/fiscal-years/2080/start-closing' },
    { kind: 'write', method: 'POST', url: () => '/fiscal-years/2080/close' },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/fiscal-years/2080/budget-versions',
      body: () => ({ id: randomUUID(), title: 't', lines: [{ code: '7.10.002', title: 'l', programme: 'SP5', appropriationCents: 1 }] }),
    },
    { kind: 'write', method: 'POST', url: () => `/budget-versions/${ids.draft}/submit` },
    { kind: 'accept', method: 'POST', url: () => `/budget-versions/${ids.submitted}/accept` },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/journal-entries',
      body: () => ({
        id: randomUUID(),
        fiscalYear: 2070,
        description: 'x',
        postings: [
          { account: '1100', side: 'debit', amountCents: 1 },
          { account: '4000', side: 'credit', amountCents: 1 },
        ],
      }),
    },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/journal-entries/batch',
      body: () => ({
        entries: [
          {
            id: randomUUID(),
            fiscalYear: 2070,
            description: 'x',
            postings: [
              { account: '1100', side: 'debit', amountCents: 1 },
              { account: '4000', side: 'credit', amountCents: 1 },
            ],
          },
        ],
      }),
    },
    { kind: 'write', method: 'POST', url: () => `/journal-entries/${ids.entry}/reverse`, body: () => ({ id: randomUUID() }) },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/journal-entries/reversals/batch',
      body: () => ({ reversals: [{ id: randomUUID(), reverses: ids.entry }] }),
    },
    {
      kind: 'chart',
      method: 'POST',
      url: () => '/accounts',
      body: () => ({ code: String(5000 + ++accountsMade), name: 'New account', type: 'revenue' }),
    },
    { kind: 'chart', method: 'POST', url: () => '/accounts/4100/deactivate' },
    { kind: 'chart', method: 'POST', url: () => '/accounts/4100/reactivate' },
    { kind: 'chart', method: 'PATCH', url: () => '/accounts/4100', body: () => ({ name: `Renamed ${++accountsMade}` }) },
    { kind: 'read', method: 'GET', url: () => '/accounts/4100/history' },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/commitments',
      body: () => ({ id: randomUUID(), fiscalYear: 2070, lineCode: '7.10.001', amountCents: 1, description: 'm' }),
    },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/commitments/batch',
      body: () => ({ commitments: [{ id: randomUUID(), fiscalYear: 2070, lineCode: '7.10.001', amountCents: 1, description: 'm' }] }),
    },
    { kind: 'write', method: 'POST', url: () => `/commitments/${ids.toPost}/post`, body: () => ({}) },
    { kind: 'write', method: 'POST', url: () => `/commitments/${ids.toVoid}/void` },
    { kind: 'read', method: 'GET', url: () => `/virements/${ids.virement}` },
    {
      kind: 'write',
      method: 'POST',
      url: () => '/fiscal-years/2070/virements',
      body: () => ({ id: randomUUID(), fromLineCode: '7.10.001', toLineCode: '7.10.002', amountCents: 1, reason: 'r' }),
    },
    { kind: 'accept', method: 'POST', url: () => `/virements/${ids.virement}/approve` },
    { kind: 'read', method: 'GET', url: () => '/audit-plans?fiscalYear=2071' },
    { kind: 'read', method: 'GET', url: () => `/audit-plans/${ids.draftPlan}` },
    { kind: 'read', method: 'GET', url: () => '/audit-engagements?status=fieldwork' },
    { kind: 'read', method: 'GET', url: () => `/audit-engagements/${ids.fieldwork}` },
    { kind: 'read', method: 'GET', url: () => '/audit-findings?severity=high' },
    { kind: 'read', method: 'GET', url: () => `/audit-findings/${ids.finding}` },
    { kind: 'read', method: 'GET', url: () => '/audit-recommendations?overdue=false' },
    { kind: 'read', method: 'GET', url: () => `/audit-recommendations/${ids.toStart}` },
    { kind: 'audit', method: 'POST', url: () => '/audit-plans', body: () => ({ id: randomUUID(), fiscalYear: 2076, title: 'Plan' }) },
    {
      kind: 'audit',
      method: 'POST',
      url: () => `/audit-plans/${ids.draftPlan}/engagements`,
      body: () => ({
        id: randomUUID(),
        title: 'e',
        scope: 's',
        leadAuditor: 'IAO-01',
        plannedStart: '2071-01-01',
        plannedEnd: '2071-02-01',
      }),
    },
    { kind: 'audit', method: 'POST', url: () => `/audit-plans/${ids.draftPlan}/transitions`, body: () => ({ to: 'submitted' }) },
    { kind: 'agree', method: 'POST', url: () => `/audit-plans/${ids.submittedPlan}/transitions`, body: () => ({ to: 'agreed' }) },
    {
      kind: 'audit',
      method: 'POST',
      url: () => `/audit-engagements/${ids.plannedEngagement}/transitions`,
      body: () => ({ to: 'fieldwork' }),
    },
    {
      kind: 'respond',
      method: 'POST',
      url: () => `/audit-engagements/${ids.atDraftReport}/transitions`,
      body: () => ({ to: 'management_response' }),
    },
    {
      kind: 'audit',
      method: 'POST',
      url: () => `/audit-engagements/${ids.fieldwork}/findings`,
      body: () => ({
        id: randomUUID(),
        title: 'f',
        description: 'd',
        severity: 'low',
        recommendations: [{ id: randomUUID(), text: 'r', priority: 'low', owner: 'ORG2', dueDate: '2074-12-31' }],
      }),
    },
    {
      kind: 'audit',
      method: 'POST',
      url: () => `/audit-findings/${ids.finding}/recommendations`,
      body: () => ({ recommendations: [{ id: randomUUID(), text: 'r', priority: 'low', owner: 'ORG2', dueDate: '2074-12-31' }] }),
    },
    {
      kind: 'respond',
      method: 'POST',
      url: () => `/audit-recommendations/${ids.toStart}/transitions`,
      body: () => ({ to: 'in_progress' }),
    },
    {
      kind: 'agree',
      method: 'POST',
      url: () => `/audit-recommendations/${ids.toAccept}/transitions`,
      body: () => ({ to: 'risk_accepted', reason: 'accepted' }),
    },
    {
      kind: 'respond',
      method: 'PUT',
      url: () => `/audit-recommendations/${ids.toStart}/action-plan`,
      body: () => ({ actions: 'a', targetDate: '2074-05-31' }),
    },
    {
      kind: 'audit',
      method: 'POST',
      url: () => `/audit-recommendations/${ids.toMove}/due-date`,
      body: () => ({ dueDate: '2074-09-30', reason: 'r' }),
    },
  ];

  it('answers every caller of every route as the rules say, and a refused caller writes nothing', async () => {
    const tables = [
      'account',
      'fiscal_year',
      'budget_version',
      'budget_line',
      'journal_entry',
      'posting',
      'commitment',
      'audit_log_entry',
      'audit_plan',
      'audit_engagement',
      'audit_finding',
      'audit_recommendation',
      'audit_action_plan',
      'audit_history',
    ];
    // Row counts, and the accounts' statuses and names (a deactivation or a rename writes no row).
    const snapshot = async () => [
      ...(await Promise.all(tables.map((x) => t.count(x)))),
      JSON.stringify(await t.dataSource.query(`SELECT code, status, name FROM account ORDER BY code`)),
    ];
    const mismatches: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const callers = Object.entries(CALLERS).sort(([, a], [, b]) => Number(allowed(route.kind, a)) - Number(allowed(route.kind, b)));
      for (const [name, user] of callers) {
        const may = allowed(route.kind, user);
        const before = may ? null : await snapshot();
        const res = await t.call(user, route.method, route.url(), route.body?.());
        cases++;
        const ok = may ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok) mismatches.push(`${route.method} ${route.url()} as ${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        if (before) {
          const after = await snapshot();
          if (JSON.stringify(after) !== JSON.stringify(before)) mismatches.push(`${route.method} ${route.url()} as ${name} wrote rows`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cases).toBe(routes.length * Object.keys(CALLERS).length);
  });

  it('never lets an auditor or the Audit Committee write the budget, the ledger or the chart of accounts, whatever other non-finance roles it holds', async () => {
    for (const route of routes.filter((r) => r.kind === 'write' || r.kind === 'accept' || r.kind === 'chart')) {
      for (const user of [CALLERS.auditor, CALLERS.auditorWCO, CALLERS.auditCommittee, CALLERS.everythingButFinance]) {
        expect([route.url(), (await t.call(user, route.method, route.url(), route.body?.())).status]).toEqual([route.url(), 403]);
      }
    }
  });
});
