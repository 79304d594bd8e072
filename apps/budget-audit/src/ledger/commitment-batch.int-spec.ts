import { randomUUID } from 'node:crypto';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { openYear } from '../testing/budget-fixtures';

jest.setTimeout(180_000);

const officer = financeOfficer();
const YEAR = 2052;
const A = '5.20.001';
const B = '5.20.002';

// Many reservations in one call: all or nothing (one refused item refuses the batch, named), idempotent per id
// across both routes, and batches racing for the same lines in different orders never over-commit one.
describe('commitments in batches (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_commitment_batch', { env: { DATABASE_POOL_SIZE: '12' } });
    await openYear(t, YEAR, [
      { code: A, appropriationCents: 100_000 },
      { code: B, appropriationCents: 50_000 },
    ]);
    await openYear(t, YEAR + 1, [
      { code: A, appropriationCents: 2_000_000 },
      { code: B, appropriationCents: 1_000_000 },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const item = (lineCode: string, amountCents: number, year = YEAR) => ({
    id: randomUUID(),
    fiscalYear: year,
    lineCode,
    amountCents,
    description: `reserve ${amountCents} on ${lineCode}`,
  });
  const facts = async (year = YEAR) =>
    JSON.stringify([
      await t.dataSource.query(`SELECT code, committed_cents FROM budget_line WHERE fiscal_year = $1 ORDER BY code`, [year]),
      await t.count('commitment'),
      await t.count('audit_log_entry'),
    ]);

  it('reserves every item or none: the refused item is named with what its line had left after the items before it', async () => {
    const before = await facts();
    const batch = [item(A, 60_000), item(B, 10_000), item(A, 30_000), item(A, 20_000)];
    const res = await t.call(officer, 'POST', '/commitments/batch', { commitments: batch });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    // 100,000 on A: 60,000 and 30,000 fit, the fourth item finds 10,000 left.
    expect(res.body).toMatchObject({
      code: 'insufficient_funds',
      lineCode: A,
      requestedCents: '20000',
      availableCents: '10000',
      errors: [{ field: 'commitments.3.amountCents' }],
    });
    expect(await facts()).toEqual(before);
    for (const c of batch) expect((await t.call(auditor, 'GET', `/commitments/${c.id}`)).status).toBe(404);

    const ok = await t.call(officer, 'POST', '/commitments/batch', { commitments: batch.slice(0, 3) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ created: 3, results: batch.slice(0, 3).map((c) => ({ id: c.id, created: true })) });
    const lines = await t.dataSource.query(`SELECT code, committed_cents FROM budget_line WHERE fiscal_year = $1 ORDER BY code`, [YEAR]);
    expect(lines).toEqual([
      { code: A, committed_cents: '90000' },
      { code: B, committed_cents: '10000' },
    ]);
    const read = await t.call(auditor, 'GET', `/commitments/${batch[2].id}`);
    expect(read.body).toMatchObject({ status: 'pending', amountCents: '30000', lineCode: A });
    const kinds: { kind: string }[] = await t.dataSource.query(
      `SELECT kind FROM audit_log_entry WHERE aggregate_id = ANY($1::varchar[]) ORDER BY seq`,
      [batch.map((c) => c.id)],
    );
    expect(kinds.map((k) => k.kind)).toEqual(['commitment.reserved', 'commitment.reserved', 'commitment.reserved']);
    // A reserved commitment posts and voids as one made by the single route.
    expect((await t.call(officer, 'POST', `/commitments/${batch[1].id}/void`)).body).toMatchObject({ status: 'voided' });
  });

  it('is idempotent per id across both routes: a retry creates nothing, another body under a used id is 409 naming it', async () => {
    const single = item(B, 1_000);
    expect((await t.call(officer, 'POST', '/commitments', single)).status).toBe(201);
    const fresh = item(B, 2_000);
    const batch = [single, fresh];
    const first = await t.call(officer, 'POST', '/commitments/batch', { commitments: batch });
    expect(first.body).toEqual({
      created: 1,
      results: [
        { id: single.id, created: false },
        { id: fresh.id, created: true },
      ],
    });
    const before = await facts();
    const again = await t.call(officer, 'POST', '/commitments/batch', { commitments: batch });
    expect(again.body).toEqual({ created: 0, results: batch.map((c) => ({ id: c.id, created: false })) });
    // The single route sees the batch's commitment as its own retry.
    expect((await t.call(officer, 'POST', '/commitments', fresh)).status).toBe(200);
    expect(await facts()).toEqual(before);

    for (const [commitments, fieldName] of [
      [[item(A, 1), { ...fresh, amountCents: 2_001 }], 'commitments.1.id'],
      [[{ ...single, description: 'another' }], 'commitments.0.id'],
      // The same id twice in one batch with two bodies.
      [
        (() => {
          const c = item(A, 5);
          return [c, { ...c, amountCents: 6 }];
        })(),
        'commitments.1.id',
      ],
    ] as const) {
      const res = await t.call(officer, 'POST', '/commitments/batch', { commitments });
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([409, 'id_reused', fieldName]);
    }
    // The same id twice with the same body: one commitment.
    const twice = item(A, 7);
    const res = await t.call(officer, 'POST', '/commitments/batch', { commitments: [twice, twice] });
    expect(res.body).toEqual({
      created: 1,
      results: [
        { id: twice.id, created: true },
        { id: twice.id, created: false },
      ],
    });
  });

  it('refuses bad batches naming the item and the field, and callers who may not reserve, with nothing written', async () => {
    const before = await facts();
    await t.call(officer, 'POST', '/fiscal-years', { year: 2150 });
    const afterYear = await facts();
    for (const [body, status, fieldName] of [
      [{ commitments: [] }, 400, 'commitments'],
      [{ commitments: 'x' }, 400, 'commitments'],
      [{}, 400, 'commitments'],
      [{ commitments: [item(A, 1), { ...item(A, 1), amountCents: 1.5 }] }, 400, 'commitments.1.amountCents'],
      [{ commitments: [item(A, 1), { ...item(A, 1), amountCents: -3 }] }, 400, 'commitments.1.amountCents'],
      [{ commitments: [{ ...item(A, 1), lineCode: 'x' }] }, 400, 'commitments.0.lineCode'],
      [{ commitments: [{ ...item(A, 1), id: 'not-a-uuid' }] }, 400, 'commitments.0.id'],
      [{ commitments: Array.from({ length: 501 }, () => item(A, 1)) }, 400, 'commitments'],
      [{ commitments: [item(A, 1), item('9.99.999', 1)] }, 422, 'commitments.1.lineCode'],
      [{ commitments: [item(A, 1), item(A, 1, 2199)] }, 422, 'commitments.1.fiscalYear'],
      [{ commitments: [item(A, 1, 2150)] }, 422, 'commitments.0.fiscalYear'],
    ] as const) {
      const res = await t.call(officer, 'POST', '/commitments/batch', body);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([status, fieldName]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    for (const user of [auditor, financeOfficer('FR')]) {
      expect((await t.call(user, 'POST', '/commitments/batch', { commitments: [item(A, 1)] })).status).toBe(403);
    }
    expect(await facts()).toEqual(afterYear);
    expect(afterYear).not.toEqual(before); // the year itself was audited; nothing after it
  });

  it('never over-commits a line when batches race for two lines in opposite orders (no deadlock, no partial batch)', async () => {
    const year = YEAR + 1;
    const BATCHES = 60;
    // Each batch takes 4 items over A and B, in an order that alternates: A B A B or B A B A.
    const batches = Array.from({ length: BATCHES }, (_, i) => {
      const amount = (k: number) => 10_000 + ((i * 7919 + k * 104_729) % 40_000);
      const [x, y] = i % 2 === 0 ? [A, B] : [B, A];
      return [item(x, amount(0), year), item(y, amount(1), year), item(x, amount(2), year), item(y, amount(3), year)];
    });
    const results = await Promise.all(batches.map((commitments) => t.call(officer, 'POST', '/commitments/batch', { commitments })));
    expect(
      results.filter((r) => r.status !== 200 && !(r.status === 422 && r.body.code === 'insufficient_funds')).map((r) => r.body),
    ).toEqual([]);
    const accepted = results.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(BATCHES);

    const perBatch: { n: number }[] = await Promise.all(
      batches.map(
        async (b) =>
          (await t.dataSource.query(`SELECT count(*)::int AS n FROM commitment WHERE id = ANY($1::uuid[])`, [b.map((c) => c.id)]))[0],
      ),
    );
    // All or nothing, and exactly the accepted batches.
    expect(perBatch.map((p, i) => [p.n, results[i].status])).toEqual(results.map((r) => [r.status === 200 ? 4 : 0, r.status]));
    // The invariant from the commitments themselves, and the line counters agreeing with them.
    const lines: { code: string; final_cents: string; committed_cents: string; pending: string }[] = await t.dataSource.query(
      `SELECT l.code, l.final_cents, l.committed_cents, coalesce(sum(c.amount_cents) FILTER (WHERE c.status = 'pending'), 0)::bigint::text AS pending
       FROM budget_line l LEFT JOIN commitment c ON c.line_id = l.id WHERE l.fiscal_year = $1 GROUP BY l.id ORDER BY l.code`,
      [year],
    );
    for (const l of lines) {
      expect(BigInt(l.pending)).toBeLessThanOrEqual(BigInt(l.final_cents));
      expect(l.committed_cents).toBe(l.pending);
    }
  });
});
