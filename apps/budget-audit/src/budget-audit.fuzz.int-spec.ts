import { fuzzOpenApi, fuzzSummary } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { financeOfficer, BudgetAuditTestApp, startBudgetAuditApp } from './testing/budget-audit-test-app';
import { openYear } from './testing/budget-fixtures';

jest.setTimeout(120_000);

// Requests generated from the service's own OpenAPI document, valid and broken: every answer must be documented,
// never a 5xx, and a refused request must leave nothing half written.
describe('budget-audit: OpenAPI fuzzing', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_audit_fuzz');
    await openYear(t, 2027, [
      { code: '2.10.003', appropriationCents: 1_000_000 },
      { code: '2.10.004', appropriationCents: 0 },
    ]);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
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
});
