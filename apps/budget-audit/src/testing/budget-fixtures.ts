import { randomUUID } from 'node:crypto';
import { financeCommittee, financeOfficer } from './budget-audit-test-app';
import type { BudgetAuditTestApp } from './budget-audit-test-app';

export interface LineSpec {
  code: string;
  appropriationCents: number | string;
  programme?: string;
  title?: string;
}

function expectStatus(what: string, res: { status: number; body: unknown }, ...ok: number[]): void {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Creates, submits and accepts a budget version for the year; returns its id. */
export async function acceptBudget(t: BudgetAuditTestApp, year: number, lines: LineSpec[], title = `Budget ${year}`): Promise<string> {
  const id = randomUUID();
  const body = {
    id,
    title,
    lines: lines.map((l) => ({
      code: l.code,
      title: l.title ?? `Line ${l.code}`,
      programme: l.programme ?? 'SP5',
      appropriationCents: l.appropriationCents,
    })),
  };
  expectStatus('create version', await t.call(financeOfficer(), 'POST', `/fiscal-years/${year}/budget-versions`, body), 201);
  expectStatus('submit', await t.call(financeOfficer(), 'POST', `/budget-versions/${id}/submit`), 200);
  expectStatus('accept', await t.call(financeCommittee, 'POST', `/budget-versions/${id}/accept`), 200);
  return id;
}

/** A fiscal year in `open` with an accepted budget of these lines. */
export async function openYear(t: BudgetAuditTestApp, year: number, lines: LineSpec[]): Promise<void> {
  expectStatus('create year', await t.call(financeOfficer(), 'POST', '/fiscal-years', { year }), 201);
  await acceptBudget(t, year, lines);
  expectStatus('open', await t.call(financeOfficer(), 'POST', `/fiscal-years/${year}/open`), 200);
}

export async function auditKinds(t: BudgetAuditTestApp, aggregateId: string): Promise<string[]> {
  const rows: { kind: string }[] = await t.dataSource.query(`SELECT kind FROM audit_log_entry WHERE aggregate_id = $1 ORDER BY seq`, [
    aggregateId,
  ]);
  return rows.map((r) => r.kind);
}

/** A budget line's spent counter, as the database holds it. */
export async function lineSpent(t: BudgetAuditTestApp, code: string, year: number): Promise<string> {
  const [row] = await t.dataSource.query(`SELECT spent_cents FROM budget_line WHERE code = $1 AND fiscal_year = $2`, [code, year]);
  return row.spent_cents;
}

/** Rows of the journal and the audit log: "nothing written" compares these before and after. */
export async function ledgerCounts(t: BudgetAuditTestApp): Promise<number[]> {
  return [await t.count('journal_entry'), await t.count('posting'), await t.count('audit_log_entry')];
}
