import { randomUUID } from 'node:crypto';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { ledgerCounts, lineSpent, openYear } from '../testing/budget-fixtures';

jest.setTimeout(120_000);

const officer = financeOfficer();
const YEAR = 2044;

// POST /journal-entries/batch: many entries in one transaction, all or nothing, idempotent per entry id, the same
// rules as the single route, and an audit record per entry in the batch's order.
describe('journal entries in batches (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_batch', { env: { DATABASE_POOL_SIZE: '12' } });
    await openYear(t, YEAR, [
      { code: '3.10.001', appropriationCents: 10_000_000 },
      { code: '3.10.002', appropriationCents: 1_000 },
      { code: '3.10.003', appropriationCents: 50_000 },
    ]);
    await openYear(t, 2045, [{ code: '3.10.001', appropriationCents: 10_000_000 }]);
    await t.call(officer, 'POST', '/fiscal-years', { year: 2046 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const expense = (lineCode: string, cents: number | string, extra: object = {}) => ({
    id: randomUUID(),
    fiscalYear: YEAR,
    description: `Expense on ${lineCode}`,
    postings: [
      { account: '6000', side: 'debit', amountCents: cents, lineCode },
      { account: '1000', side: 'credit', amountCents: cents },
    ],
    ...extra,
  });
  const batch = (entries: object[]) => t.call(officer, 'POST', '/journal-entries/batch', { entries });
  const spent = (code: string, year = YEAR) => lineSpent(t, code, year);
  const counts = () => ledgerCounts(t);

  it('posts every entry of a batch with its postings, line counters and one audit record per entry in order', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => expense(i % 2 ? '3.10.001' : '3.10.003', 100 + i));
    const res = await batch(entries);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 60, results: entries.map((e) => ({ id: e.id, created: true })) });
    const ids = entries.map((e) => e.id);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM posting WHERE entry_id = ANY($1::uuid[])`, [ids])).toEqual([
      { n: 120 },
    ]);
    const odd = entries.filter((_, i) => i % 2).reduce((s, _e, k) => s + 100 + (2 * k + 1), 0);
    const even = entries.filter((_, i) => i % 2 === 0).reduce((s, _e, k) => s + 100 + 2 * k, 0);
    expect([await spent('3.10.001'), await spent('3.10.003')]).toEqual([String(odd), String(even)]);
    // Answered once in the log: every record already has its seq, gapless and in the order of the request.
    const records: { seq: string; aggregate_id: string; kind: string }[] = await t.dataSource.query(
      `SELECT seq::text, aggregate_id, kind FROM audit_log_entry WHERE aggregate_id = ANY($1::varchar[]) ORDER BY seq`,
      [ids],
    );
    expect(records.map((r) => r.aggregate_id)).toEqual(ids);
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['ledger.entry.posted']));
    const seqs = records.map((r) => Number(r.seq));
    expect(seqs[seqs.length - 1] - seqs[0]).toBe(59);
    const one = await t.call(auditor, 'GET', `/journal-entries/${ids[1]}`);
    expect(one.body).toMatchObject({ kind: 'standard', postings: [{ account: '6000', lineCode: '3.10.001', amountCents: '101' }, {}] });
    const tb = (await t.call(auditor, 'GET', `/fiscal-years/${YEAR}/trial-balance`)).body;
    expect(tb.totalDebitCents).toBe(tb.totalCreditCents);
  });

  it('is idempotent per entry id, across both routes and within a batch; another body under a used id is 409 naming it', async () => {
    const single = expense('3.10.001', 700);
    expect((await t.call(officer, 'POST', '/journal-entries', single)).status).toBe(201);
    const fresh = expense('3.10.001', 300);
    const before = await spent('3.10.001');
    const res = await batch([single, fresh, fresh]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 1,
      results: [
        { id: single.id, created: false },
        { id: fresh.id, created: true },
        { id: fresh.id, created: false },
      ],
    });
    expect(BigInt(await spent('3.10.001')) - BigInt(before)).toBe(300n);
    const again = await batch([single, fresh]);
    expect(again.body).toEqual({
      created: 0,
      results: [
        { id: single.id, created: false },
        { id: fresh.id, created: false },
      ],
    });
    expect(BigInt(await spent('3.10.001')) - BigInt(before)).toBe(300n);

    const snapshot = await counts();
    const reused = await batch([expense('3.10.001', 5), { ...fresh, description: 'changed' }]);
    expect([reused.status, reused.body.code, reused.body.errors[0].field]).toEqual([409, 'id_reused', 'entries.1.id']);
    const inBatch = expense('3.10.001', 5);
    const twice = await batch([inBatch, { ...inBatch, description: 'other' }]);
    expect([twice.status, twice.body.code, twice.body.errors[0].field]).toEqual([409, 'id_reused', 'entries.1.id']);
    expect(await counts()).toEqual(snapshot);
  });

  it('is all or nothing: one refused entry names itself and nothing of the batch is written', async () => {
    const snapshot = await counts();
    const spentBefore = await spent('3.10.001');
    const good = () => expense('3.10.001', 10);
    const cases: [object, number, string, string][] = [
      [
        {
          ...good(),
          postings: [
            { account: '6000', side: 'debit', amountCents: 10, lineCode: '3.10.001' },
            { account: '1000', side: 'credit', amountCents: 9 },
          ],
        },
        422,
        'entry_unbalanced',
        'entries.2.postings',
      ],
      [expense('9.99.999', 10), 422, 'unknown_line', 'entries.2.postings.0.lineCode'],
      [
        {
          ...good(),
          postings: [
            { account: '6000', side: 'debit', amountCents: 10 },
            { account: '1000', side: 'credit', amountCents: 10 },
          ],
        },
        422,
        'line_required',
        'entries.2.postings.0.lineCode',
      ],
      [
        {
          ...good(),
          postings: [
            { account: '1100', side: 'debit', amountCents: 10 },
            { account: '1999', side: 'credit', amountCents: 10 },
          ],
        },
        422,
        'unknown_account',
        'entries.2.postings.1.account',
      ],
      [{ ...good(), fiscalYear: 2046 }, 422, 'fiscal_year_not_open', 'entries.2.fiscalYear'],
      [{ ...good(), fiscalYear: 2047 }, 422, 'unknown_fiscal_year', 'entries.2.fiscalYear'],
      [{ ...good(), corrects: randomUUID() }, 422, 'unknown_entry', 'entries.2.corrects'],
      [expense('3.10.001', 0.5), 400, 'validation_failed', 'entries.2.postings.0.amountCents'],
    ];
    for (const [bad, status, code, field] of cases) {
      const res = await batch([good(), good(), bad, good()]);
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([status, code, field]);
    }
    for (const entries of [[], Array.from({ length: 501 }, () => good())]) {
      const res = await batch(entries);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'entries']);
    }
    expect(await counts()).toEqual(snapshot);
    expect(await spent('3.10.001')).toBe(spentBefore);
  });

  it("counts a line's availability through the batch, in its order, entries of several years in one batch", async () => {
    const snapshot = await counts();
    // 1,000 available on 3.10.002: 400 + 400 fit, the third 400 does not (200 left after the first two).
    const over = await batch([expense('3.10.002', 400), expense('3.10.002', 400), expense('3.10.002', 400)]);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'insufficient_funds', requestedCents: '400', availableCents: '200', lineCode: '3.10.002' });
    expect(over.body.errors[0].field).toBe('entries.2.postings.0.amountCents');
    expect(await counts()).toEqual(snapshot);
    // A refund earlier in the batch makes room for a later charge.
    const fits = await batch([
      expense('3.10.002', 1_000),
      {
        ...expense('3.10.002', 300),
        postings: [
          { account: '1000', side: 'debit', amountCents: 300 },
          { account: '6000', side: 'credit', amountCents: 300, lineCode: '3.10.002' },
        ],
      },
      expense('3.10.002', 300),
      { ...expense('3.10.001', 50), fiscalYear: 2045 },
    ]);
    expect([fits.status, fits.body.created]).toEqual([200, 4]);
    expect([await spent('3.10.002'), await spent('3.10.001', 2045)]).toEqual(['1000', '50']);
  });

  it('never overspends a line when concurrent batches race for it', async () => {
    // 50,000 on 3.10.003 minus what the first test spent there; 16 batches of 25 entries of 200 cents (80,000) race.
    const room = 50_000 - Number(await spent('3.10.003'));
    const batches = Array.from({ length: 16 }, () => Array.from({ length: 25 }, () => expense('3.10.003', 200)));
    const results = await Promise.all(batches.map((entries) => batch(entries)));
    expect(results.filter((r) => r.status !== 200 && r.status !== 422)).toEqual([]);
    const accepted = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 422);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.body.code).toBe('insufficient_funds');
    expect(accepted).toBe(Math.floor(room / 5_000));
    // From the postings themselves, not from the counter the code maintains.
    const [facts] = await t.dataSource.query(
      `SELECT coalesce(sum(p.amount_cents), 0)::bigint AS spent FROM posting p JOIN budget_line l ON l.id = p.line_id
       WHERE l.code = '3.10.003' AND l.fiscal_year = $1`,
      [YEAR],
    );
    expect(BigInt(facts.spent)).toBeLessThanOrEqual(50_000n);
    expect(await spent('3.10.003')).toBe(String(facts.spent));
  });

  it('lists entries and commitments newest first, page by page with a cursor, filtered', async () => {
    const entries = Array.from({ length: 7 }, (_, i) => ({ ...expense('3.10.001', 10 + i), fiscalYear: 2045 }));
    expect((await batch(entries)).status).toBe(200);
    const all = (await t.dataSource.query(`SELECT id FROM journal_entry WHERE fiscal_year = 2045 ORDER BY created_at DESC, id DESC`)).map(
      (r: { id: string }) => r.id,
    );
    expect(all.length).toBe(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { items: { id: string; fiscalYear: number; postings: unknown[] }[]; nextCursor: string | null };
      } = await t.call(auditor, 'GET', `/journal-entries?fiscalYear=2045&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      for (const item of page.body.items) expect([item.fiscalYear, item.postings.length]).toEqual([2045, 2]);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const adjusting = await t.call(auditor, 'GET', '/journal-entries?kind=adjusting');
    expect(adjusting.body).toEqual({ items: [], nextCursor: null });

    const reservations = Array.from({ length: 5 }, (_, i) => ({
      id: randomUUID(),
      fiscalYear: 2045,
      lineCode: '3.10.001',
      amountCents: 100 + i,
      description: `reservation ${i}`,
    }));
    for (const r of reservations) expect((await t.call(officer, 'POST', '/commitments', r)).status).toBe(201);
    await t.call(officer, 'POST', `/commitments/${reservations[0].id}/void`);
    const first = await t.call(auditor, 'GET', '/commitments?fiscalYear=2045&lineCode=3.10.001&status=pending&limit=2');
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([reservations[4].id, reservations[3].id]);
    const second = await t.call(
      auditor,
      'GET',
      `/commitments?fiscalYear=2045&lineCode=3.10.001&status=pending&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toMatchObject({ items: [{ id: reservations[2].id }, { id: reservations[1].id }], nextCursor: null });
    expect(
      (await t.call(auditor, 'GET', '/commitments?status=voided&fiscalYear=2045')).body.items.map((c: { id: string }) => c.id),
    ).toEqual([reservations[0].id]);

    for (const [url, field] of [
      ['/journal-entries?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['/journal-entries?limit=101', 'limit'],
      ['/journal-entries?kind=other', 'kind'],
      ['/commitments?lineCode=x', 'lineCode'],
      ['/commitments?fiscalYear=1999', 'fiscalYear'],
    ]) {
      const res = await t.call(auditor, 'GET', url);
      expect([url, res.status, res.body.errors?.[0]?.field]).toEqual([url, 400, field]);
    }
  });

  it('refuses every other caller, writing nothing', async () => {
    const snapshot = await counts();
    for (const who of [auditor, financeOfficer('FR')]) {
      const res = await t.call(who, 'POST', '/journal-entries/batch', { entries: [expense('3.10.001', 1)] });
      expect([res.status, res.body.code]).toEqual([403, 'insufficient_role']);
    }
    expect(await counts()).toEqual(snapshot);
  });
});
