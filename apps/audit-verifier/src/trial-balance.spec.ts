import { reconcile, TrialBalanceError, TrialBalances } from './trial-balance';

const posted = (fiscalYear: number, ...postings: [string, string][]) => ({
  entryId: 'x',
  fiscalYear,
  kind: 'standard',
  postings: postings.map(([account, amountCents]) => ({ account, lineCode: null, amountCents })),
});

describe('trial balance recomputed from the audit stream', () => {
  const tb = new TrialBalances();
  tb.add(0, 'fiscal_year.open', { year: 2027 });
  tb.add(1, 'ledger.entry.posted', posted(2027, ['6100', '150000'], ['4000', '-150000']));
  tb.add(2, 'ledger.entry.posted', posted(2027, ['6100', '-20000'], ['4000', '20000']));
  tb.add(3, 'ledger.entry.posted', posted(2028, ['6200', '9007199254740993'], ['4000', '-9007199254740993']));

  it('sums debits and credits per account and year in exact integer cents', () => {
    expect(tb.fiscalYears()).toEqual([2027, 2028]);
    expect(Object.fromEntries(tb.of(2027))).toEqual({
      '6100': { debitCents: 150000n, creditCents: 20000n },
      '4000': { debitCents: 20000n, creditCents: 150000n },
    });
    expect(tb.of(2028).get('6200')?.debitCents).toBe(9007199254740993n);
  });

  it('reconciles with an API answer that agrees, and names the first account that differs', () => {
    const api = {
      fiscalYear: 2027,
      accounts: [
        { account: '4000', debitCents: '20000', creditCents: '150000' },
        { account: '6100', debitCents: '150000', creditCents: '20000' },
        { account: '7000', debitCents: '0', creditCents: '0' },
      ],
      totalDebitCents: '170000',
      totalCreditCents: '170000',
    };
    expect(reconcile(2027, tb.of(2027), api)).toBeNull();
    const changed = { ...api, accounts: api.accounts.map((a) => (a.account === '6100' ? { ...a, debitCents: '150001' } : a)) };
    expect(reconcile(2027, tb.of(2027), changed)).toBe(
      "The API's trial balance for 2027 shows account 6100 at debit 150001 / credit 20000 cents, but the audit stream adds up to debit 150000 / credit 20000.",
    );
    expect(reconcile(2027, tb.of(2027), { ...api, totalCreditCents: '1' })).toContain('totals for 2027');
  });

  it('refuses an unbalanced entry and a non-integer amount', () => {
    expect(() => new TrialBalances().add(7, 'ledger.entry.posted', posted(2027, ['6100', '100'], ['4000', '-99']))).toThrow(
      new TrialBalanceError('Entry 7 does not balance: its postings sum to 1 cents instead of 0.'),
    );
    expect(() => new TrialBalances().add(8, 'ledger.entry.posted', posted(2027, ['6100', '1.5'], ['4000', '-1.5']))).toThrow(
      TrialBalanceError,
    );
  });
});
