import { lintOpenApi } from '@wco/testing';
import { BudgetAuditTestApp, startBudgetAuditApp } from './testing/budget-audit-test-app';

jest.setTimeout(120_000);

describe('budget-audit: the running service (PostgreSQL, Kafka)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_audit', { kafka: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a caller without a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fiscal-years' });
    expect([res.statusCode, res.json().code]).toEqual([401, 'missing_token']);
  });

  it('is ready when its database and broker answer', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; status: string }) => c.status)).not.toContain('down');
  });

  it('documents every route in an OpenAPI document that lints clean', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/fiscal-years',
        '/fiscal-years/{year}',
        '/fiscal-years/{year}/open',
        '/fiscal-years/{year}/start-closing',
        '/fiscal-years/{year}/close',
        '/fiscal-years/{year}/budget-versions',
        '/fiscal-years/{year}/budget-vs-actual',
        '/fiscal-years/{year}/trial-balance',
        '/budget-versions/{id}',
        '/budget-versions/{id}/submit',
        '/budget-versions/{id}/accept',
        '/journal-entries',
        '/journal-entries/batch',
        '/journal-entries/{id}',
        '/journal-entries/{id}/reverse',
        '/accounts',
        '/commitments',
        '/commitments/{id}',
        '/commitments/{id}/post',
        '/commitments/{id}/void',
        '/fiscal-years/{year}/virements',
        '/virements/{id}',
        '/virements/{id}/approve',
        '/audit-plans',
        '/audit-plans/{id}',
        '/audit-plans/{id}/transitions',
        '/audit-plans/{id}/engagements',
        '/audit-engagements',
        '/audit-engagements/{id}',
        '/audit-engagements/{id}/transitions',
        '/audit-engagements/{id}/findings',
        '/audit-findings',
        '/audit-findings/{id}',
        '/audit-findings/{id}/recommendations',
        '/audit-recommendations',
        '/audit-recommendations/{id}',
        '/audit-recommendations/{id}/transitions',
        '/audit-recommendations/{id}/action-plan',
        '/audit-recommendations/{id}/due-date',
      ]),
    );
    const lint = await lintOpenApi(document);
    expect({ errors: lint.errors, warnings: lint.warnings, messages: lint.messages }).toEqual({ errors: 0, warnings: 0, messages: [] });
  });
});
