import { reconcileBudget, type ApiBudgetVsActual, type BudgetsVsActual } from './budget-vs-actual';
import { reconcile, type ApiTrialBalance, type TrialBalances } from './trial-balance';

/**
 * Asks the service's API, for every fiscal year in the stream, `GET /fiscal-years/{year}/{route}` (JSON) and compares
 * it with what the stream adds up to. Null when they agree; otherwise the first difference, in a sentence.
 */
async function reconcileYears<T>(
  baseUrl: string,
  token: string,
  years: number[],
  route: string,
  what: string,
  compare: (year: number, api: T) => string | null,
): Promise<string | null> {
  for (const year of years) {
    const url = `${baseUrl.replace(/\/+$/, '')}/fiscal-years/${year}/${route}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!res.ok) return `The API answered ${res.status} for the ${what} of ${year} (${url}).`;
    const difference = compare(year, (await res.json()) as T);
    if (difference) return difference;
  }
  return null;
}

/** The trial balance of every year (GET /fiscal-years/{year}/trial-balance) against the one recomputed from the stream. */
export function reconcileWithApi(baseUrl: string, token: string, balances: TrialBalances): Promise<string | null> {
  return reconcileYears<ApiTrialBalance>(baseUrl, token, balances.fiscalYears(), 'trial-balance', 'trial balance', (year, api) =>
    reconcile(year, balances.of(year), api),
  );
}

/** Budget vs actual of every year (GET /fiscal-years/{year}/budget-vs-actual) against the one recomputed from the stream. */
export function reconcileBudgetWithApi(baseUrl: string, token: string, budgets: BudgetsVsActual): Promise<string | null> {
  return reconcileYears<ApiBudgetVsActual>(baseUrl, token, budgets.fiscalYears(), 'budget-vs-actual', 'budget vs actual', (year, api) =>
    reconcileBudget(year, budgets.of(year), api),
  );
}

/** The recomputed balances as JSON (cents as strings: they may exceed 2^53). */
export function balancesAsJson(balances: TrialBalances): Record<string, Record<string, { debitCents: string; creditCents: string }>> {
  const out: Record<string, Record<string, { debitCents: string; creditCents: string }>> = {};
  for (const year of balances.fiscalYears()) {
    out[year] = {};
    for (const [account, t] of [...balances.of(year).entries()].sort(([a], [b]) => a.localeCompare(b))) {
      out[year][account] = { debitCents: t.debitCents.toString(), creditCents: t.creditCents.toString() };
    }
  }
  return out;
}
