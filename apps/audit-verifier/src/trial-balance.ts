/*
 * The trial balance recomputed from the audit stream alone, and its reconciliation with what the service's API
 * shows. Payload fields as budget-audit documents them (apps/budget-audit/README.md, "What the audit log receives"):
 * `ledger.entry.posted` carries {fiscalYear, postings: [{account, lineCode, amountCents}]}, amounts as strings of
 * integer cents, debit positive and credit negative. Memory: one total per (year, account), never per entry.
 */

export interface AccountTotals {
  debitCents: bigint;
  creditCents: bigint;
}

export class TrialBalanceError extends Error {
  override readonly name = 'TrialBalanceError';
}

const CENTS = /^-?(0|[1-9][0-9]*)$/;

export class TrialBalances {
  private readonly years = new Map<number, Map<string, AccountTotals>>();

  /** Feeds one verified audit entry; entries of other kinds are ignored. */
  add(seq: number, kind: string, payload: Record<string, unknown>): void {
    if (kind !== 'ledger.entry.posted') return;
    const year = payload['fiscalYear'];
    const postings = payload['postings'];
    if (typeof year !== 'number' || !Array.isArray(postings)) {
      throw new TrialBalanceError(
        `Entry ${seq} (ledger.entry.posted) has no fiscalYear or postings, so the trial balance cannot be recomputed.`,
      );
    }
    let sum = 0n;
    const accounts = this.years.get(year) ?? new Map<string, AccountTotals>();
    this.years.set(year, accounts);
    for (const p of postings as { account?: unknown; amountCents?: unknown }[]) {
      if (typeof p?.account !== 'string' || typeof p.amountCents !== 'string' || !CENTS.test(p.amountCents)) {
        throw new TrialBalanceError(`Entry ${seq} has a posting without an account or an integer amount in cents.`);
      }
      const amount = BigInt(p.amountCents);
      sum += amount;
      const t = accounts.get(p.account) ?? { debitCents: 0n, creditCents: 0n };
      if (amount >= 0n) t.debitCents += amount;
      else t.creditCents -= amount;
      accounts.set(p.account, t);
    }
    if (sum !== 0n) throw new TrialBalanceError(`Entry ${seq} does not balance: its postings sum to ${sum} cents instead of 0.`);
  }

  fiscalYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  of(year: number): Map<string, AccountTotals> {
    return this.years.get(year) ?? new Map();
  }
}

/** The part of GET /fiscal-years/{year}/trial-balance the reconciliation reads. */
export interface ApiTrialBalance {
  fiscalYear: number;
  accounts: { account: string; debitCents: string; creditCents: string }[];
  totalDebitCents: string;
  totalCreditCents: string;
}

/** Null when the API agrees with the stream; otherwise the first difference in a sentence. */
export function reconcile(year: number, fromStream: Map<string, AccountTotals>, api: ApiTrialBalance): string | null {
  const shown = new Map(api.accounts.map((a) => [a.account, { debitCents: BigInt(a.debitCents), creditCents: BigInt(a.creditCents) }]));
  const accounts = [...new Set([...fromStream.keys(), ...shown.keys()])].sort();
  let debit = 0n;
  let credit = 0n;
  for (const account of accounts) {
    const s = fromStream.get(account) ?? { debitCents: 0n, creditCents: 0n };
    const a = shown.get(account) ?? { debitCents: 0n, creditCents: 0n };
    debit += s.debitCents;
    credit += s.creditCents;
    if (s.debitCents !== a.debitCents || s.creditCents !== a.creditCents) {
      return `The API's trial balance for ${year} shows account ${account} at debit ${a.debitCents} / credit ${a.creditCents} cents, but the audit stream adds up to debit ${s.debitCents} / credit ${s.creditCents}.`;
    }
  }
  if (BigInt(api.totalDebitCents) !== debit || BigInt(api.totalCreditCents) !== credit) {
    return `The API's trial balance totals for ${year} (debit ${api.totalDebitCents} / credit ${api.totalCreditCents}) differ from the audit stream's (debit ${debit} / credit ${credit}).`;
  }
  return null;
}
