import { randomUUID } from 'node:crypto';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { ledgerCounts, lineSpent, openYear } from '../testing/budget-fixtures';

jest.setTimeout(120_000);

const officer = financeOfficer();
const YEAR = 2048;
const CLOSED = 2049;

// POST /journal-entries/reversals/batch: many reversals in one transaction, all or nothing, idempotent per reversal
// id across both routes, each checked as the single route checks it, the refusal naming the item.
describe('reversals in batches (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;
  let closedEntry: string;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_rev_batch', { env: { DATABASE_POOL_SIZE: '10' } });
    await openYear(t, YEAR, [
      { code: '5.10.001', appropriationCents: 1_000_000 },
      { code: '5.10.002', appropriationCents: 1_000_000 },
    ]);
    await openYear(t, CLOSED, [{ code: '5.10.001', appropriationCents: 1_000_000 }]);
    closedEntry = await post('5.10.001', 100, CLOSED);
    for (const step of ['start-closing', 'close']) await t.call(officer, 'POST', `/fiscal-years/${CLOSED}/${step}`);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function post(lineCode: string, cents: number, fiscalYear = YEAR): Promise<string> {
    const id = randomUUID();
    const res = await t.call(officer, 'POST', '/journal-entries', {
      id,
      fiscalYear,
      description: `Expense on ${lineCode}`,
      postings: [
        { account: '6000', side: 'debit', amountCents: cents, lineCode },
        { account: '1000', side: 'credit', amountCents: cents },
      ],
    });
    if (res.status !== 201) throw new Error(`post: ${res.status} ${JSON.stringify(res.body)}`);
    return id;
  }
  const batch = (reversals: object[]) => t.call(officer, 'POST', '/journal-entries/reversals/batch', { reversals });
  const spent = (code: string) => lineSpent(t, code, YEAR);
  const counts = () => ledgerCounts(t);

  it('reverses every entry of the batch: postings negated, line counters back, one audit record each in order', async () => {
    const originals = [await post('5.10.001', 1_000), await post('5.10.002', 2_000), await post('5.10.001', 300)];
    const before = [await spent('5.10.001'), await spent('5.10.002')].map(BigInt);
    const reversals = originals.map((reverses) => ({ id: randomUUID(), reverses }));
    const res = await batch(reversals);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 3, results: reversals.map((r) => ({ id: r.id, created: true })) });
    expect([await spent('5.10.001'), await spent('5.10.002')].map(BigInt)).toEqual([before[0] - 1_300n, before[1] - 2_000n]);
    const one = (await t.call(auditor, 'GET', `/journal-entries/${reversals[1].id}`)).body;
    expect(one).toMatchObject({
      kind: 'reversal',
      reverses: originals[1],
      postings: [
        { account: '6000', lineCode: '5.10.002', side: 'credit', amountCents: '2000' },
        { account: '1000', side: 'debit', amountCents: '2000' },
      ],
    });
    expect((await t.call(auditor, 'GET', `/journal-entries/${originals[1]}`)).body.reversedBy).toBe(reversals[1].id);
    const records: { aggregate_id: string }[] = await t.dataSource.query(
      `SELECT aggregate_id FROM audit_log_entry WHERE aggregate_id = ANY($1::varchar[]) ORDER BY seq`,
      [reversals.map((r) => r.id)],
    );
    expect(records.map((r) => r.aggregate_id)).toEqual(reversals.map((r) => r.id));
  });

  it('is idempotent per reversal id across both routes; another body under a used id is 409 naming it', async () => {
    const [a, b] = [await post('5.10.001', 10), await post('5.10.001', 20)];
    const single = { id: randomUUID(), description: 'Wrong supplier' };
    expect((await t.call(officer, 'POST', `/journal-entries/${a}/reverse`, single)).status).toBe(201);
    const fresh = { id: randomUUID(), reverses: b };
    const res = await batch([{ ...single, reverses: a }, fresh, fresh]);
    expect(res.body).toEqual({
      created: 1,
      results: [
        { id: single.id, created: false },
        { id: fresh.id, created: true },
        { id: fresh.id, created: false },
      ],
    });
    const before = await counts();
    expect((await batch([{ ...single, reverses: a }, fresh])).body.created).toBe(0);
    const clash = await batch([fresh, { ...single, reverses: a, description: 'Another reason' }]);
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'id_reused', errors: [{ field: 'reversals.1.id' }] });
    expect(await counts()).toEqual(before);
  });

  it('is all or nothing: one refused reversal names itself and nothing of the batch is written', async () => {
    const [a, b] = [await post('5.10.002', 40), await post('5.10.002', 50)];
    const reversed = await post('5.10.002', 60);
    await t.call(officer, 'POST', `/journal-entries/${reversed}/reverse`, { id: randomUUID() });
    const good = () => ({ id: randomUUID(), reverses: a });
    const cases: [object[], number, string, string][] = [
      [[good(), { id: randomUUID(), reverses: randomUUID() }], 422, 'unknown_entry', 'reversals.1.reverses'],
      [[good(), { id: randomUUID(), reverses: reversed }], 409, 'already_reversed', 'reversals.1.reverses'],
      // Two reversals of one entry in one batch: the second sees the first.
      [
        [
          { id: randomUUID(), reverses: b },
          { id: randomUUID(), reverses: b },
        ],
        409,
        'already_reversed',
        'reversals.1.reverses',
      ],
      [[good(), { id: randomUUID(), reverses: closedEntry }], 422, 'fiscal_year_closed', 'reversals.1.reverses'],
      [[good(), { id: 'nope', reverses: b }], 400, 'validation_failed', 'reversals.1.id'],
      [Array.from({ length: 501 }, good), 400, 'validation_failed', 'reversals'],
    ];
    const before = [...(await counts()), await spent('5.10.002')];
    for (const [reversals, status, code, fieldName] of cases) {
      const res = await batch(reversals);
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([status, code, fieldName]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect([...(await counts()), await spent('5.10.002')]).toEqual(before);
    expect((await t.call(auditor, 'GET', `/journal-entries/${a}`)).body.reversedBy).toBeNull();
  });

  it('two batches reversing the same entries in opposite orders never deadlock: each entry is reversed once', async () => {
    const originals = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? '5.10.001' : '5.10.002', 7)));
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        batch((k % 2 ? [...originals].reverse() : originals).map((reverses) => ({ id: randomUUID(), reverses }))),
      ),
    );
    const statuses = runs.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_entry WHERE reverses = ANY($1::uuid[])`, [originals]);
    expect(n).toBe(20);
  });

  it('refuses every caller but the Secretariat’s finance officers, writing nothing', async () => {
    const a = await post('5.10.001', 5);
    const before = await counts();
    for (const user of [auditor, financeOfficer('FR'), { subject: 'adm', member: 'WCO', roles: ['admin' as const] }]) {
      expect(
        (await t.call(user, 'POST', '/journal-entries/reversals/batch', { reversals: [{ id: randomUUID(), reverses: a }] })).status,
      ).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });
});
