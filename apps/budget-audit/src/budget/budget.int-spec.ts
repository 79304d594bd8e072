import { randomUUID } from 'node:crypto';
import {
  admin,
  auditor,
  BudgetAuditTestApp,
  financeCommittee,
  financeOfficer,
  startBudgetAuditApp,
} from '../testing/budget-audit-test-app';
import { acceptBudget, auditKinds, openYear } from '../testing/budget-fixtures';

jest.setTimeout(60_000);

const officer = financeOfficer();

describe('budget: fiscal years, budget versions, budget vs actual (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_budget');
  });
  afterAll(async () => {
    await t?.close();
  });

  const version = (lines: object[], id = randomUUID()) => ({ id, title: 'Draft', lines });
  const line = (code: string, appropriationCents: unknown, programme = 'SP5') => ({
    code,
    title: `Line ${code}`,
    programme,
    appropriationCents,
  });

  it('takes a year from planning to open only with an accepted budget, and records each step in the audit log', async () => {
    expect((await t.call(officer, 'POST', '/fiscal-years', { year: 2030 })).status).toBe(201);
    expect((await t.call(officer, 'POST', '/fiscal-years', { year: 2030 })).status).toBe(200);
    const early = await t.call(officer, 'POST', '/fiscal-years/2030/open');
    expect([early.status, early.body.code]).toEqual([409, 'invalid_transition']);
    const versionId = await acceptBudget(t, 2030, [{ code: '1.10.001', appropriationCents: 500_000 }]);
    const opened = await t.call(officer, 'POST', '/fiscal-years/2030/open');
    expect(opened.body).toEqual({ year: 2030, status: 'open', acceptedVersionId: versionId });
    expect(await auditKinds(t, '2030')).toEqual(['fiscal_year.created', 'fiscal_year.open']);
    expect(await auditKinds(t, versionId)).toEqual(['budget.version.created', 'budget.version.submitted', 'budget.version.accepted']);
    const jump = await t.call(officer, 'POST', '/fiscal-years/2030/close');
    expect([jump.status, jump.body.code]).toEqual([409, 'invalid_transition']);
  });

  it('lets a finance officer prepare and submit but not accept; the Finance Committee accepts and cannot prepare', async () => {
    await t.call(officer, 'POST', '/fiscal-years', { year: 2031 });
    const id = randomUUID();
    expect(
      (await t.call(financeCommittee, 'POST', '/fiscal-years/2031/budget-versions', version([line('1.10.001', 100)], id))).status,
    ).toBe(403);
    expect((await t.call(officer, 'POST', '/fiscal-years/2031/budget-versions', version([line('1.10.001', 100)], id))).status).toBe(201);
    expect((await t.call(officer, 'POST', `/budget-versions/${id}/accept`)).status).toBe(403);
    const notSubmitted = await t.call(financeCommittee, 'POST', `/budget-versions/${id}/accept`);
    expect([notSubmitted.status, notSubmitted.body.code]).toEqual([409, 'invalid_transition']);
    expect((await t.call(financeCommittee, 'POST', `/budget-versions/${id}/submit`)).status).toBe(403);
    expect((await t.call(officer, 'POST', `/budget-versions/${id}/submit`)).body.status).toBe('submitted');
    expect((await t.call(financeCommittee, 'POST', `/budget-versions/${id}/accept`)).body.status).toBe('accepted');
    // A finance officer of a Member administration is no officer of the Secretariat's books.
    const memberOfficer = await t.call(financeOfficer('FR'), 'POST', '/fiscal-years', { year: 2099 });
    expect([memberOfficer.status, memberOfficer.body.code]).toEqual([403, 'insufficient_role']);
  });

  it('supersedes the version in force with a revision; the superseded one stays readable and the original budget stays', async () => {
    await openYear(t, 2032, [
      { code: '2.10.001', appropriationCents: 1_000_000 },
      { code: '2.10.002', appropriationCents: 300_000 },
    ]);
    const first = (await t.call(officer, 'GET', '/fiscal-years/2032')).body.acceptedVersionId as string;
    const revision = await acceptBudget(
      t,
      2032,
      [
        { code: '2.10.001', appropriationCents: 1_200_000 },
        { code: '2.10.003', appropriationCents: 50_000, programme: 'ORG2' },
      ],
      'Supplementary 2032',
    );
    const old = await t.call(auditor, 'GET', `/budget-versions/${first}`);
    expect(old.body).toMatchObject({ status: 'superseded', supersededBy: revision, number: 1, totalCents: '1300000' });
    expect((await t.call(auditor, 'GET', '/fiscal-years/2032/budget-versions')).body.map((v: { status: string }) => v.status)).toEqual([
      'superseded',
      'accepted',
    ]);
    const report = (await t.call(financeCommittee, 'GET', '/fiscal-years/2032/budget-vs-actual')).body;
    const byCode = Object.fromEntries(
      report.lines.map((l: { code: string; originalCents: string; finalCents: string }) => [l.code, [l.originalCents, l.finalCents]]),
    );
    expect(byCode).toEqual({ '2.10.001': ['1000000', '1200000'], '2.10.002': ['300000', '0'], '2.10.003': ['0', '50000'] });
    expect(report.total).toMatchObject({ originalCents: '1300000', finalCents: '1250000', availableCents: '1250000' });
  });

  it('refuses fractional, negative, overflowing and float amounts, a bad code or programme, naming each field, and writes nothing', async () => {
    await t.call(officer, 'POST', '/fiscal-years', { year: 2033 });
    const before = [await t.count('budget_version'), await t.count('budget_version_line'), await t.count('audit_log_entry')];
    const bad = await t.call(
      officer,
      'POST',
      '/fiscal-years/2033/budget-versions',
      version([
        line('1.10.001', 10.5),
        line('1.10.002', -1),
        line('1.10.003', '1000000000000001'),
        line('1.10.004', '12.00'),
        line('1-10-005', 1, 'XX1'),
        line('1.10.006', 2 ** 53),
      ]),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'lines.0.appropriationCents',
      'lines.1.appropriationCents',
      'lines.2.appropriationCents',
      'lines.3.appropriationCents',
      'lines.4.code',
      'lines.4.programme',
      'lines.5.appropriationCents',
    ]);
    const dup = await t.call(officer, 'POST', '/fiscal-years/2033/budget-versions', version([line('1.10.001', 1), line('1.10.001', 2)]));
    expect([dup.status, dup.body.code, dup.body.errors[0].field]).toEqual([422, 'duplicate_line', 'lines.1.code']);
    expect([await t.count('budget_version'), await t.count('budget_version_line'), await t.count('audit_log_entry')]).toEqual(before);
  });

  it('answers a retried version with the same id and body with the same version, and another body with 409', async () => {
    await t.call(officer, 'POST', '/fiscal-years', { year: 2034 });
    const body = version([line('1.10.001', '250000')]);
    const first = await t.call(officer, 'POST', '/fiscal-years/2034/budget-versions', body);
    const again = await t.call(officer, 'POST', '/fiscal-years/2034/budget-versions', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    const other = await t.call(officer, 'POST', '/fiscal-years/2034/budget-versions', { ...body, title: 'Another' });
    expect([other.status, other.body.code]).toEqual([409, 'id_reused']);
    expect((await t.call(auditor, 'GET', '/fiscal-years/2034/budget-versions')).body).toHaveLength(1);
  });

  it('serves budget vs actual as CSV with Accept: text/csv, and to every reader role', async () => {
    await openYear(t, 2035, [{ code: '3.20.001', appropriationCents: 700_000, programme: 'LD1' }]);
    const csv = await t.app.inject({
      method: 'GET',
      url: '/fiscal-years/2035/budget-vs-actual',
      headers: { authorization: `Bearer ${await t.token(auditor)}`, accept: 'text/csv' },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')).toEqual([
      'code,chapter,article,line,title,programme,originalCents,finalCents,committedCents,obligatedCents,spentCents,availableCents,differenceCents',
      '3.20.001,3,20,001,Line 3.20.001,LD1,700000,700000,0,0,0,700000,700000',
      ',,,,Total,,700000,700000,0,0,0,700000,700000',
      '',
    ]);
    for (const reader of [officer, financeCommittee, auditor, admin]) {
      expect((await t.call(reader, 'GET', '/fiscal-years/2035/budget-vs-actual')).status).toBe(200);
    }
    expect((await t.call(officer, 'GET', '/fiscal-years/1999/budget-vs-actual')).status).toBe(400);
    expect((await t.call(officer, 'GET', '/fiscal-years/2199/budget-vs-actual')).body.code).toBe('fiscal_year_not_found');
  });
});
