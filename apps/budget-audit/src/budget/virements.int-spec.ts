import { randomUUID } from 'node:crypto';
import { auditor, BudgetAuditTestApp, financeCommittee, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { auditKinds, openYear } from '../testing/budget-fixtures';

jest.setTimeout(60_000);

const officer = financeOfficer();

describe('virements: transfers between budget lines (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_virements', { env: { VIREMENT_APPROVAL_THRESHOLD_CENTS: '100000' } });
    await openYear(t, 2045, [
      { code: '1.10.001', appropriationCents: 500_000 },
      { code: '1.10.002', appropriationCents: 100_000 },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const finals = async () =>
    Object.fromEntries(
      (await t.call(auditor, 'GET', '/fiscal-years/2045/budget-vs-actual')).body.lines.map((l: { code: string; finalCents: string }) => [
        l.code,
        l.finalCents,
      ]),
    );
  const virement = (amountCents: number, extra: object = {}) => ({
    id: randomUUID(),
    fromLineCode: '1.10.001',
    toLineCode: '1.10.002',
    amountCents,
    reason: 'Reallocation',
    ...extra,
  });

  it('applies a virement up to the threshold at once, and keeps a larger one pending until the Finance Committee approves it', async () => {
    const small = await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(100_000));
    expect([small.status, small.body.status]).toEqual([201, 'applied']);
    expect(await finals()).toEqual({ '1.10.001': '400000', '1.10.002': '200000' });

    const large = await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(150_000));
    expect(large.body.status).toBe('pending');
    expect(await finals()).toEqual({ '1.10.001': '400000', '1.10.002': '200000' });
    expect((await t.call(officer, 'POST', `/virements/${large.body.id}/approve`)).status).toBe(403);
    const approved = await t.call(financeCommittee, 'POST', `/virements/${large.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'applied', approvedBy: financeCommittee.subject });
    expect(await finals()).toEqual({ '1.10.001': '250000', '1.10.002': '350000' });
    expect(await auditKinds(t, large.body.id)).toEqual(['budget.virement.requested', 'budget.virement.applied']);
    const notNeeded = await t.call(financeCommittee, 'POST', `/virements/${small.body.id}/approve`);
    expect([notNeeded.status, notNeeded.body.code]).toEqual([409, 'invalid_transition']);
  });

  it('never moves more than the giving line has available, and refuses bad requests naming the field', async () => {
    await t.call(officer, 'POST', '/commitments', {
      id: randomUUID(),
      fiscalYear: 2045,
      lineCode: '1.10.001',
      amountCents: 200_000,
      description: 'Held',
    });
    const before = [await t.count('virement'), await t.count('audit_log_entry')];
    const tooMuch = await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(50_001));
    expect(tooMuch.body).toMatchObject({ code: 'insufficient_funds', requestedCents: '50001', availableCents: '50000' });
    const same = await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(1, { toLineCode: '1.10.001' }));
    expect([same.status, same.body.errors[0].field]).toEqual([422, 'toLineCode']);
    const unknown = await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(1, { toLineCode: '9.9.9' }));
    expect([unknown.status, unknown.body.code, unknown.body.errors[0].field]).toEqual([422, 'unknown_line', 'toLineCode']);
    expect((await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(0.5))).body.errors[0].field).toBe('amountCents');
    expect((await t.call(auditor, 'POST', '/fiscal-years/2045/virements', virement(1))).status).toBe(403);
    expect([await t.count('virement'), await t.count('audit_log_entry')]).toEqual(before);
    // A pending virement that no longer fits is refused at approval with the amounts.
    const pending = await t.call(officer, 'POST', '/fiscal-years/2045/virements', virement(150_000));
    const refused = await t.call(financeCommittee, 'POST', `/virements/${pending.body.id}/approve`);
    expect(refused.body).toMatchObject({ code: 'insufficient_funds', requestedCents: '150000', availableCents: '50000' });
    expect((await t.call(auditor, 'GET', `/virements/${pending.body.id}`)).body.status).toBe('pending');
  });
});
