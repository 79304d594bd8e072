import { randomUUID } from 'node:crypto';
import { BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { openYear } from '../testing/budget-fixtures';

jest.setTimeout(120_000);

const officer = financeOfficer();
const APPROPRIATION = 1_000_000;
const RESERVATIONS = 300;

// Hundreds of reservations race for one line over real HTTP requests (in-process) and a pool of 12 connections:
// the line's row lock must make them queue so that reserved + posted never exceeds the appropriation.
describe('commitments under concurrency (HTTP, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_concurrency', { env: { DATABASE_POOL_SIZE: '12' } });
    await openYear(t, 2050, [{ code: '5.10.001', appropriationCents: APPROPRIATION }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`never overspends a line when ${RESERVATIONS} reservations and some postings race for it`, async () => {
    // Amounts 1..9,999 cents summing to ~1.5 million: about two thirds fit.
    const amounts = Array.from({ length: RESERVATIONS }, (_, i) => 1_000 + ((i * 7919) % 9_000));
    const results = await Promise.all(
      amounts.map(async (amountCents, i) => {
        const id = randomUUID();
        const res = await t.call(officer, 'POST', '/commitments', {
          id,
          fiscalYear: 2050,
          lineCode: '5.10.001',
          amountCents,
          description: `race ${i}`,
        });
        // Every third accepted reservation is posted in part at once, racing the others on the same line.
        if (res.status === 201 && i % 3 === 0) {
          const posted = await t.call(officer, 'POST', `/commitments/${id}/post`, { amountCents: Math.floor(amountCents / 2) });
          return { res, posted: posted.status };
        }
        return { res, posted: 0 };
      }),
    );
    const statuses = results.map((r) => r.res.status);
    expect(statuses.filter((s) => s !== 201 && s !== 422)).toEqual([]);
    expect(results.filter((r) => r.posted !== 0 && r.posted !== 200)).toEqual([]);
    const refused = results.filter((r) => r.res.status === 422);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.res.body.code).toBe('insufficient_funds');

    const [line] = await t.dataSource.query(`SELECT final_cents, committed_cents, spent_cents FROM budget_line WHERE code = '5.10.001'`);
    const [facts] = await t.dataSource.query(
      `SELECT coalesce(sum(amount_cents) FILTER (WHERE status = 'pending'), 0)::bigint AS pending,
              coalesce(sum(posted_cents) FILTER (WHERE status = 'posted'), 0)::bigint AS posted,
              count(*)::int AS n FROM commitment`,
    );
    expect(facts.n).toBe(results.filter((r) => r.res.status === 201).length);
    // The invariant, from the commitments themselves and not from the counters the code maintains.
    expect(BigInt(facts.pending) + BigInt(facts.posted)).toBeLessThanOrEqual(BigInt(APPROPRIATION));
    // The counters agree with the commitments.
    expect([line.committed_cents, line.spent_cents]).toEqual([String(facts.pending), String(facts.posted)]);
    // Each refusal names amounts that justify it (postings release cents later, so the end state cannot say).
    for (const r of refused) expect(BigInt(r.res.body.availableCents)).toBeLessThan(BigInt(r.res.body.requestedCents));
  });
});
