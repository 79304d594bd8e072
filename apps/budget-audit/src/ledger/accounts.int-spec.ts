import { randomUUID } from 'node:crypto';
import { admin, auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { auditKinds, ledgerCounts, openYear } from '../testing/budget-fixtures';

jest.setTimeout(120_000);

const officer = financeOfficer();
const YEAR = 2047;

// The chart of accounts through the API: listed with type and status, created and deactivated (audit records), and
// a deactivation honoured by every instance of the service at once, read in the posting's own transaction.
describe('chart of accounts (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;
  /** A second instance of the service on the same database: its own pool, its own services. */
  let other: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_accounts', { env: { DATABASE_POOL_SIZE: '6' } });
    other = await startBudgetAuditApp('budget_accounts_b', { env: { DATABASE_NAME: t.config.databaseName } });
    await openYear(t, YEAR, [{ code: '4.10.001', appropriationCents: 10_000_000 }]);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const entry = (debit: string, credit: string, cents = 100, lineCode?: string) => ({
    id: randomUUID(),
    fiscalYear: YEAR,
    description: `${debit} against ${credit}`,
    postings: [
      { account: debit, side: 'debit', amountCents: cents, ...(lineCode ? { lineCode } : {}) },
      { account: credit, side: 'credit', amountCents: cents },
    ],
  });
  const counts = async () => [...(await ledgerCounts(t)), await t.count('account')];

  it('lists the seeded chart with each account’s type and status', async () => {
    const res = await t.call(auditor, 'GET', '/accounts');
    expect(res.status).toBe(200);
    expect(res.body.map((a: { code: string }) => a.code)).toEqual(['1000', '1100', '2000', '3000', '4000', '4100', '6000', '6100']);
    expect(res.body[6]).toMatchObject({ code: '6000', type: 'expense', status: 'active', deactivatedAt: null });
  });

  it('creates an account (idempotent on its code), audits it, and every instance posts to it at once', async () => {
    // Both instances have posted already (a per-process chart would be loaded by now).
    expect((await t.call(officer, 'POST', '/journal-entries', entry('1100', '4000'))).status).toBe(201);
    expect((await other.call(officer, 'POST', '/journal-entries', entry('1100', '4000'))).status).toBe(201);
    const body = { code: '6200', name: 'Travel costs', type: 'expense' };
    const res = await t.call(officer, 'POST', '/accounts', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, status: 'active' });
    expect(await auditKinds(t, '6200')).toEqual(['ledger.account.created']);
    expect((await t.call(admin, 'POST', '/accounts', body)).status).toBe(200);
    const before = await counts();
    const clash = await t.call(officer, 'POST', '/accounts', { ...body, type: 'asset' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'id_reused', errors: [{ field: 'code' }] });
    expect(await counts()).toEqual(before);
    expect(await auditKinds(t, '6200')).toEqual(['ledger.account.created']);
    // The other instance takes the new account (and its expense rule) without a restart.
    expect((await other.call(officer, 'POST', '/journal-entries', entry('6200', '1000', 250, '4.10.001'))).status).toBe(201);
    const noLine = await other.call(officer, 'POST', '/journal-entries', entry('6200', '1000'));
    expect([noLine.status, noLine.body.code]).toEqual([422, 'line_required']);
  });

  it('refuses bad accounts naming the field, and callers who may not shape the chart', async () => {
    const before = await counts();
    for (const [bad, fieldName] of [
      [{ code: '62', name: 'x', type: 'expense' }, 'code'],
      [{ code: '6300', name: '', type: 'expense' }, 'name'],
      [{ code: '6300', name: 'x', type: 'equity' }, 'type'],
    ] as const) {
      const res = await t.call(officer, 'POST', '/accounts', bad);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, fieldName]);
    }
    for (const user of [auditor, financeOfficer('FR'), { subject: 'aa', member: 'WCO', roles: ['admin', 'auditor'] } as const]) {
      expect(
        (await t.call({ ...user, roles: [...user.roles] }, 'POST', '/accounts', { code: '6300', name: 'x', type: 'expense' })).status,
      ).toBe(403);
      expect((await t.call({ ...user, roles: [...user.roles] }, 'POST', '/accounts/4100/deactivate')).status).toBe(403);
    }
    expect(await counts()).toEqual(before);
    for (const code of ['6000', '2000']) {
      const res = await t.call(officer, 'POST', `/accounts/${code}/deactivate`);
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([422, 'account_required', 'code']);
    }
    expect(await counts()).toEqual(before);
    expect((await t.call(auditor, 'GET', '/accounts')).body.filter((a: { status: string }) => a.status !== 'active')).toEqual([]);
    expect((await t.call(officer, 'POST', '/accounts/9999/deactivate')).status).toBe(404);
    expect((await t.call(officer, 'POST', '/accounts/not-a-code/deactivate')).status).toBe(404);
  });

  it('deactivates an account in every instance at once: 422 naming the posting, entries stay readable', async () => {
    await t.call(officer, 'POST', '/accounts', { code: '4200', name: 'Donations', type: 'revenue' });
    const posted = entry('1000', '4200', 500);
    expect((await other.call(officer, 'POST', '/journal-entries', posted)).status).toBe(201);
    const res = await t.call(admin, 'POST', '/accounts/4200/deactivate');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '4200', status: 'inactive' });
    expect(res.body.deactivatedAt).toEqual(expect.any(String));
    expect(await auditKinds(t, '4200')).toEqual(['ledger.account.created', 'ledger.account.deactivated']);
    // Again: unchanged, no second record.
    expect((await t.call(officer, 'POST', '/accounts/4200/deactivate')).body).toMatchObject({ status: 'inactive' });
    expect(await auditKinds(t, '4200')).toEqual(['ledger.account.created', 'ledger.account.deactivated']);

    const before = await counts();
    for (const app of [t, other]) {
      const refused = await app.call(officer, 'POST', '/journal-entries', entry('1000', '4200'));
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'account_inactive', account: '4200', errors: [{ field: 'postings.1.account' }] });
      const batch = await app.call(officer, 'POST', '/journal-entries/batch', { entries: [entry('1100', '4000'), entry('1000', '4200')] });
      expect(batch.status).toBe(422);
      expect(batch.body).toMatchObject({ code: 'account_inactive', account: '4200', errors: [{ field: 'entries.1.postings.1.account' }] });
      const reversal = await app.call(officer, 'POST', `/journal-entries/${posted.id}/reverse`, { id: randomUUID() });
      expect(reversal.body).toMatchObject({ code: 'account_inactive', account: '4200' });
    }
    expect(await counts()).toEqual(before);
    // What was posted stays readable, in the entry and in the trial balance; the account stays listed.
    expect((await other.call(auditor, 'GET', `/journal-entries/${posted.id}`)).body.postings[1]).toMatchObject({
      account: '4200',
      amountCents: '500',
    });
    const tb = (await t.call(auditor, 'GET', `/fiscal-years/${YEAR}/trial-balance`)).body;
    expect(tb.accounts.find((a: { account: string }) => a.account === '4200')).toMatchObject({ creditCents: '500' });
    const listed = (await other.call(auditor, 'GET', '/accounts')).body.find((a: { code: string }) => a.code === '4200');
    expect(listed).toMatchObject({ status: 'inactive' });
  });

  it('a posting waiting behind a deactivation in flight sees it committed (the status is read under a row lock)', async () => {
    await t.call(officer, 'POST', '/accounts', { code: '1200', name: 'Prepayments', type: 'asset' });
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // A deactivation in flight (not yet committed).
      await runner.query(`UPDATE account SET status = 'inactive', deactivated_by = 'test', deactivated_at = now() WHERE code = '1200'`);
      const posting = other.call(officer, 'POST', '/journal-entries', entry('1200', '1000'));
      // Wait until the posting's transaction is blocked on the account row, then commit the deactivation.
      for (let i = 0; ; i++) {
        const [{ n }] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM account%'`,
        );
        if (n > 0) break;
        if (i > 200) throw new Error('the posting never waited for the account row');
        await new Promise((r) => setTimeout(r, 25));
      }
      await runner.commitTransaction();
      const res = await posting;
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([422, 'account_inactive', 'postings.0.account']);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('reactivates an account: it takes postings again in every instance, audited once, and its history reads in order', async () => {
    await t.call(officer, 'POST', '/accounts', { code: '4300', name: 'Grants', type: 'revenue' });
    expect((await t.call(officer, 'POST', '/accounts/4300/deactivate')).status).toBe(200);
    const refused = await other.call(officer, 'POST', '/journal-entries', entry('1000', '4300'));
    expect(refused.body.code).toBe('account_inactive');

    const res = await t.call(admin, 'POST', '/accounts/4300/reactivate');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '4300', status: 'active', deactivatedAt: null });
    expect((await other.call(officer, 'POST', '/journal-entries', entry('1000', '4300'))).status).toBe(201);
    // Again: unchanged, no second record.
    expect((await t.call(officer, 'POST', '/accounts/4300/reactivate')).body).toMatchObject({ status: 'active' });
    expect(await auditKinds(t, '4300')).toEqual(['ledger.account.created', 'ledger.account.deactivated', 'ledger.account.reactivated']);

    const history = await t.call(auditor, 'GET', '/accounts/4300/history');
    expect(history.status).toBe(200);
    expect(history.body.map((h: { kind: string; payload: unknown }) => [h.kind, h.payload])).toEqual([
      ['ledger.account.created', { account: '4300', name: 'Grants', type: 'revenue', by: officer.subject }],
      ['ledger.account.deactivated', { account: '4300', from: 'active', to: 'inactive', by: officer.subject }],
      ['ledger.account.reactivated', { account: '4300', from: 'inactive', to: 'active', by: admin.subject }],
    ]);
    // Each change is a log entry an auditor can prove: its seq and leaf, in log order.
    const seqs = history.body.map((h: { seq: number }) => h.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(history.body[2].leafHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.call(auditor, 'GET', `/audit-log/entries/${seqs[2]}`)).body).toMatchObject({ leafHash: history.body[2].leafHash });
    // A seeded account has no creation entry; an unknown code is 404.
    expect((await t.call(auditor, 'GET', '/accounts/1000/history')).body).toEqual([]);
    expect((await t.call(auditor, 'GET', '/accounts/9999/history')).status).toBe(404);
  });

  it('renames an active account (audited with the old and new name, shown everywhere), refuses an inactive one', async () => {
    await t.call(officer, 'POST', '/accounts', { code: '6400', name: 'Printing', type: 'expense' });
    const res = await t.call(officer, 'PATCH', '/accounts/6400', { name: 'Printing and publications' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '6400', name: 'Printing and publications', type: 'expense', status: 'active' });
    const listed = (await other.call(auditor, 'GET', '/accounts')).body.find((a: { code: string }) => a.code === '6400');
    expect(listed).toMatchObject({ name: 'Printing and publications' });
    // The same name again: unchanged, no record.
    expect((await t.call(admin, 'PATCH', '/accounts/6400', { name: 'Printing and publications' })).status).toBe(200);
    const history = (await t.call(auditor, 'GET', '/accounts/6400/history')).body;
    expect(history.map((h: { kind: string; payload: unknown }) => [h.kind, h.payload])).toEqual([
      ['ledger.account.created', expect.objectContaining({ name: 'Printing' })],
      ['ledger.account.renamed', { account: '6400', from: 'Printing', to: 'Printing and publications', by: officer.subject }],
    ]);

    const before = [
      ...(await counts()),
      JSON.stringify(await t.dataSource.query(`SELECT code, name, type, status FROM account ORDER BY code`)),
    ];
    for (const [body, fieldName] of [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: 'Other', type: 'asset' }, 'type'],
      [{}, 'name'],
    ] as const) {
      const bad = await t.call(officer, 'PATCH', '/accounts/6400', body);
      expect([bad.status, bad.headers['content-type'], bad.body.errors?.[0]?.field]).toEqual([
        400,
        expect.stringContaining('application/problem+json'),
        fieldName,
      ]);
    }
    for (const user of [auditor, financeOfficer('FR')]) {
      expect((await t.call(user, 'PATCH', '/accounts/6400', { name: 'Mine' })).status).toBe(403);
      expect((await t.call(user, 'POST', '/accounts/4300/reactivate')).status).toBe(403);
    }
    expect((await t.call(officer, 'PATCH', '/accounts/9999', { name: 'Nobody' })).status).toBe(404);
    expect((await t.call(officer, 'POST', '/accounts/9999/reactivate')).status).toBe(404);
    expect([
      ...(await counts()),
      JSON.stringify(await t.dataSource.query(`SELECT code, name, type, status FROM account ORDER BY code`)),
    ]).toEqual(before);

    // An inactive account keeps the name it was retired under.
    await t.call(officer, 'POST', '/accounts/6400/deactivate');
    const inactive = await t.call(officer, 'PATCH', '/accounts/6400', { name: 'Something else' });
    expect([inactive.status, inactive.body.code, inactive.body.account]).toEqual([409, 'account_not_active', '6400']);
    expect(inactive.headers['content-type']).toContain('application/problem+json');
    expect((await t.call(auditor, 'GET', '/accounts/6400/history')).body).toHaveLength(3);
  });

  it('a rename racing a deactivation: one order or the other, never a rename of an inactive account', async () => {
    await t.call(officer, 'POST', '/accounts', { code: '6500', name: 'Postage', type: 'expense' });
    const [renamed, deactivated] = await Promise.all([
      other.call(officer, 'PATCH', '/accounts/6500', { name: 'Postage and courier' }),
      t.call(officer, 'POST', '/accounts/6500/deactivate'),
    ]);
    expect(deactivated.status).toBe(200);
    const kinds = await auditKinds(t, '6500');
    if (renamed.status === 200) expect(kinds).toEqual(['ledger.account.created', 'ledger.account.renamed', 'ledger.account.deactivated']);
    else {
      expect([renamed.status, renamed.body.code]).toEqual([409, 'account_not_active']);
      expect(kinds).toEqual(['ledger.account.created', 'ledger.account.deactivated']);
    }
  });
});
