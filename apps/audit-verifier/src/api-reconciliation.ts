import { reconcile, type ApiTrialBalance, type TrialBalances } from './trial-balance';

/**
 * Asks the service's API for the trial balance of every fiscal year in the stream and compares it with the one
 * recomputed from the stream. Null when they agree; otherwise the first difference, in a sentence.
 */
export async function reconcileWithApi(baseUrl: string, token: string, balances: TrialBalances): Promise<string | null> {
  for (const year of balances.fiscalYears()) {
    const url = `${baseUrl.replace(/\/+$/, '')}/fiscal-years/${year}/trial-balance`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!res.ok) return `The API answered ${res.status} for the trial balance of ${year} (${url}).`;
    const difference = reconcile(year, balances.of(year), (await res.json()) as ApiTrialBalance);
    if (difference) return difference;
  }
  return null;
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
