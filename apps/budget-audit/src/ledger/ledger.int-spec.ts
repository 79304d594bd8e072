import { randomUUID } from 'node:crypto';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { auditKinds, openYear } from '../testing/budget-fixtures';

jest.setTimeout(60_000);

const officer = financeOfficer();

describe('ledger: journal entries and commitments (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_ledger');
    await openYear(t, 2040, [
      { code: '2.10.001', appropriationCents: 1_000_000 },
      { code: '2.10.002', appropriationCents: 200_000 },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const entry = (postings: object[], extra: object = {}) => ({
    id: randomUUID(),
    fiscalYear: 2040,
    description: 'Entry',
    postings,
    ...extra,
  });
  const debit = (account: string, amountCents: unknown, lineCode?: string) => ({
    account,
    side: 'debit',
    amountCents,
    ...(lineCode ? { lineCode } : {}),
  });
  const credit = (account: string, amountCents: unknown) => ({ account, side: 'credit', amountCents });
  const line = async (year: number, code: string) =>
    (await t.call(auditor, 'GET', `/fiscal-years/${year}/budget-vs-actual`)).body.lines.find((l: { code: string }) => l.code === code);
  const counts = async () => [
    await t.count('journal_entry'),
    await t.count('posting'),
    await t.count('commitment'),
    await t.count('audit_log_entry'),
  ];

  it('posts a balanced entry, charges the expense to its line and records the postings for the audit log', async () => {
    const body = entry([debit('6000', 120_000, '2.10.001'), credit('1000', '120000')]);
    const res = await t.call(officer, 'POST', '/journal-entries', body);
    expect(res.status).toBe(201);
    expect(res.body.postings).toEqual([
      { account: '6000', lineCode: '2.10.001', side: 'debit', amountCents: '120000' },
      { account: '1000', lineCode: null, side: 'credit', amountCents: '120000' },
    ]);
    expect(await line(2040, '2.10.001')).toMatchObject({ spentCents: '120000', availableCents: '880000', differenceCents: '880000' });
    const [record] = await t.dataSource.query(`SELECT payload FROM audit_log_entry WHERE aggregate_id = $1`, [body.id]);
    expect(record.payload.postings).toEqual([
      { account: '6000', lineCode: '2.10.001', amountCents: '120000' },
      { account: '1000', lineCode: null, amountCents: '-120000' },
    ]);
  });

  it('refuses an unbalanced entry with 422 and both totals, and writes nothing', async () => {
    const before = await counts();
    const res = await t.call(officer, 'POST', '/journal-entries', entry([debit('6000', 100, '2.10.001'), credit('1000', 99)]));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'entry_unbalanced', debitCents: '100', creditCents: '99', differenceCents: '1' });
    expect(await counts()).toEqual(before);
  });

  it('names the field of an unknown account or line, a missing line on an expense, an overspend, and writes nothing', async () => {
    const before = await counts();
    const cases: [object[], string, string][] = [
      [[debit('6000', 10, '2.10.001'), credit('1999', 10)], 'unknown_account', 'postings.1.account'],
      [[debit('6000', 10, '9.99.999'), credit('1000', 10)], 'unknown_line', 'postings.0.lineCode'],
      [[debit('6000', 10), credit('1000', 10)], 'line_required', 'postings.0.lineCode'],
      [[debit('1100', 10, '2.10.001'), credit('4000', 10)], 'line_not_allowed', 'postings.0.lineCode'],
      [[debit('6000', 200_001, '2.10.002'), credit('1000', 200_001)], 'insufficient_funds', 'postings.0.amountCents'],
    ];
    for (const [postings, code, field] of cases) {
      const res = await t.call(officer, 'POST', '/journal-entries', entry(postings));
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([422, code, field]);
    }
    const fractions = await t.call(officer, 'POST', '/journal-entries', entry([debit('6000', 0.5, '2.10.001'), credit('1000', '-1')]));
    expect(fractions.status).toBe(400);
    expect(fractions.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'postings.0.amountCents',
      'postings.1.amountCents',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('is idempotent per client id: same body → the same entry, another body → 409, nothing doubled', async () => {
    const body = entry([debit('1100', 5_000), credit('4000', 5_000)]);
    const first = await t.call(officer, 'POST', '/journal-entries', body);
    const again = await t.call(officer, 'POST', '/journal-entries', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    const other = await t.call(officer, 'POST', '/journal-entries', { ...body, description: 'changed' });
    expect([other.status, other.body.code]).toEqual([409, 'id_reused']);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM posting WHERE entry_id = $1`, [body.id])).toEqual([{ n: 2 }]);
  });

  it('corrects by reversal, never by change: the database refuses updates and deletes, an entry is reversed once', async () => {
    const original = entry([debit('6000', 30_000, '2.10.002'), credit('2000', 30_000)]);
    await t.call(officer, 'POST', '/journal-entries', original);
    const reversalId = randomUUID();
    const reversal = await t.call(officer, 'POST', `/journal-entries/${original.id}/reverse`, { id: reversalId });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ kind: 'reversal', reverses: original.id });
    expect(reversal.body.postings.map((p: { side: string }) => p.side)).toEqual(['credit', 'debit']);
    expect((await t.call(auditor, 'GET', `/journal-entries/${original.id}`)).body.reversedBy).toBe(reversalId);
    expect(await line(2040, '2.10.002')).toMatchObject({ spentCents: '0', availableCents: '200000' });
    const twice = await t.call(officer, 'POST', `/journal-entries/${original.id}/reverse`, { id: randomUUID() });
    expect([twice.status, twice.body.code]).toEqual([409, 'already_reversed']);
    await expect(t.dataSource.query(`UPDATE posting SET amount_cents = 1 WHERE entry_id = $1`, [original.id])).rejects.toThrow(/immutable/);
    await expect(t.dataSource.query(`DELETE FROM journal_entry WHERE id = $1`, [original.id])).rejects.toThrow(/immutable/);
  });

  it('reserves, posts in part (the rest released) and voids commitments, refusing an overspend with the amounts', async () => {
    const a = { id: randomUUID(), fiscalYear: 2040, lineCode: '2.10.002', amountCents: 150_000, description: 'Mission to Nairobi' };
    expect((await t.call(officer, 'POST', '/commitments', a)).status).toBe(201);
    expect((await t.call(officer, 'POST', '/commitments', a)).status).toBe(200);
    expect(await line(2040, '2.10.002')).toMatchObject({ committedCents: '150000', availableCents: '50000' });
    const tooMuch = await t.call(officer, 'POST', '/commitments', { ...a, id: randomUUID(), amountCents: 50_001 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({
      code: 'insufficient_funds',
      lineCode: '2.10.002',
      requestedCents: '50001',
      availableCents: '50000',
    });
    expect(tooMuch.body.errors[0].field).toBe('amountCents');

    const over = await t.call(officer, 'POST', `/commitments/${a.id}/post`, { amountCents: 150_001 });
    expect([over.status, over.body.code]).toEqual([422, 'post_exceeds_reservation']);
    const posted = await t.call(officer, 'POST', `/commitments/${a.id}/post`, { amountCents: 90_000 });
    expect(posted.body).toMatchObject({ status: 'posted', postedCents: '90000', releasedCents: '60000' });
    expect((await t.call(officer, 'POST', `/commitments/${a.id}/post`, { amountCents: 90_000 })).body).toEqual(posted.body);
    expect((await t.call(officer, 'POST', `/commitments/${a.id}/post`, { amountCents: 80_000 })).status).toBe(409);
    expect((await t.call(officer, 'POST', `/commitments/${a.id}/void`)).body.code).toBe('commitment_not_pending');
    expect(await line(2040, '2.10.002')).toMatchObject({
      committedCents: '0',
      obligatedCents: '90000',
      spentCents: '90000',
      availableCents: '110000',
    });
    const expense = await t.call(auditor, 'GET', `/journal-entries/${posted.body.entryId}`);
    expect(expense.body).toMatchObject({
      kind: 'commitment',
      postings: [
        { account: '6000', lineCode: '2.10.002', amountCents: '90000' },
        { account: '2000', amountCents: '90000' },
      ],
    });

    // Reversing the posting's expense entry takes it off spent and off obligated; the commitment's history stays.
    const undo = await t.call(officer, 'POST', `/journal-entries/${posted.body.entryId}/reverse`, { id: randomUUID() });
    expect(undo.status).toBe(201);
    expect(await line(2040, '2.10.002')).toMatchObject({ obligatedCents: '0', spentCents: '0', availableCents: '200000' });
    expect((await t.call(auditor, 'GET', `/commitments/${a.id}`)).body.status).toBe('posted');
    await t.call(officer, 'POST', '/journal-entries', entry([debit('6000', 90_000, '2.10.002'), credit('2000', 90_000)]));

    const b = { ...a, id: randomUUID(), amountCents: 10_000 };
    await t.call(officer, 'POST', '/commitments', b);
    expect((await t.call(officer, 'POST', `/commitments/${b.id}/void`)).body).toMatchObject({ status: 'voided', releasedCents: '10000' });
    expect(await auditKinds(t, a.id)).toEqual(['commitment.reserved', 'commitment.posted']);
    expect(await auditKinds(t, b.id)).toEqual(['commitment.reserved', 'commitment.voided']);
    expect(await line(2040, '2.10.002')).toMatchObject({ obligatedCents: '0', spentCents: '90000', availableCents: '110000' });
  });

  it('closes a year: pending commitments expire, the year takes no entry, corrections go to the next year as adjusting entries', async () => {
    await openYear(t, 2041, [{ code: '4.10.001', appropriationCents: 100_000 }]);
    await openYear(t, 2042, [{ code: '4.10.001', appropriationCents: 100_000 }]);
    const booked = {
      id: randomUUID(),
      fiscalYear: 2041,
      description: 'Wrong amount',
      postings: [debit('6000', 40_000, '4.10.001'), credit('1000', 40_000)],
    };
    await t.call(officer, 'POST', '/journal-entries', booked);
    const pending = { id: randomUUID(), fiscalYear: 2041, lineCode: '4.10.001', amountCents: 20_000, description: 'Never delivered' };
    await t.call(officer, 'POST', '/commitments', pending);
    expect((await t.call(officer, 'POST', '/fiscal-years/2041/start-closing')).body.status).toBe('closing');
    const lateReservation = await t.call(officer, 'POST', '/commitments', { ...pending, id: randomUUID() });
    expect([lateReservation.status, lateReservation.body.code]).toEqual([422, 'fiscal_year_not_open']);
    expect((await t.call(officer, 'POST', '/fiscal-years/2041/close')).body.status).toBe('closed');
    expect((await t.call(auditor, 'GET', `/commitments/${pending.id}`)).body).toMatchObject({ status: 'expired', releasedCents: '20000' });
    expect(await line(2041, '4.10.001')).toMatchObject({ committedCents: '0', spentCents: '40000' });
    expect(await auditKinds(t, pending.id)).toEqual(['commitment.reserved', 'commitment.expired']);

    const before = await counts();
    const late = await t.call(officer, 'POST', '/journal-entries', { ...booked, id: randomUUID() });
    expect([late.status, late.body.code, late.body.errors[0].field]).toEqual([422, 'fiscal_year_closed', 'fiscalYear']);
    const reverse = await t.call(officer, 'POST', `/journal-entries/${booked.id}/reverse`, { id: randomUUID() });
    expect([reverse.status, reverse.body.code]).toEqual([422, 'fiscal_year_closed']);
    expect(await counts()).toEqual(before);

    const adjusting = await t.call(officer, 'POST', '/journal-entries', {
      id: randomUUID(),
      fiscalYear: 2042,
      corrects: booked.id,
      description: 'Refund of the 2041 overcharge',
      postings: [debit('1000', 4_000), credit('3000', 4_000)],
    });
    expect(adjusting.status).toBe(201);
    expect(adjusting.body).toMatchObject({ kind: 'adjusting', corrects: booked.id, fiscalYear: 2042 });
    const sameYear = await t.call(officer, 'POST', '/journal-entries', {
      id: randomUUID(),
      fiscalYear: 2042,
      corrects: adjusting.body.id,
      description: 'x',
      postings: [debit('1000', 1), credit('3000', 1)],
    });
    expect([sameYear.status, sameYear.body.code, sameYear.body.errors[0].field]).toEqual([422, 'unknown_entry', 'corrects']);
  });

  it('keeps the trial balance balanced', async () => {
    const tb = (await t.call(auditor, 'GET', '/fiscal-years/2040/trial-balance')).body;
    expect(tb.totalDebitCents).toBe(tb.totalCreditCents);
    expect(BigInt(tb.totalDebitCents)).toBeGreaterThan(0n);
  });
});
