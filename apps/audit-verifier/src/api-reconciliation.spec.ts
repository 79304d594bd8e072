import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { balancesAsJson, reconcileBudgetWithApi, reconcileWithApi } from './api-reconciliation';
import { BudgetsVsActual } from './budget-vs-actual';
import { TrialBalances } from './trial-balance';

describe('reconciling the recomputed trial balance with the API (GET /fiscal-years/{year}/trial-balance)', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: unknown };
  const seen: { url?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const balances = new TrialBalances();
  balances.add(0, 'ledger.entry.posted', {
    fiscalYear: 2027,
    postings: [
      { account: '6100', amountCents: '500' },
      { account: '4000', amountCents: '-500' },
    ],
  });
  const agreeing = {
    fiscalYear: 2027,
    accounts: [
      { account: '4000', name: 'Contributions', debitCents: '0', creditCents: '500', balanceCents: '-500' },
      { account: '6100', name: 'Missions', debitCents: '500', creditCents: '0', balanceCents: '500' },
    ],
    totalDebitCents: '500',
    totalCreditCents: '500',
  };

  it('agrees with an API that shows the same figures, asking with the bearer token', async () => {
    answer = { status: 200, body: agreeing };
    expect(await reconcileWithApi(base, 'tok', balances)).toBeNull();
    expect(seen[seen.length - 1]).toEqual({ url: '/fiscal-years/2027/trial-balance', authorization: 'Bearer tok' });
    expect(balancesAsJson(balances)).toEqual({
      '2027': { '4000': { debitCents: '0', creditCents: '500' }, '6100': { debitCents: '500', creditCents: '0' } },
    });
  });

  it('names a figure the API shows differently, and an API that refuses', async () => {
    answer = { status: 200, body: { ...agreeing, accounts: [agreeing.accounts[0], { ...agreeing.accounts[1], debitCents: '400' }] } };
    expect(await reconcileWithApi(base, 'tok', balances)).toBe(
      "The API's trial balance for 2027 shows account 6100 at debit 400 / credit 0 cents, but the audit stream adds up to debit 500 / credit 0.",
    );
    answer = { status: 403, body: {} };
    expect(await reconcileWithApi(base, 'tok', balances)).toMatch(/^The API answered 403 for the trial balance of 2027/);
  });

  it('asks GET /fiscal-years/{year}/budget-vs-actual for every year of the stream and names a line it shows differently', async () => {
    const budgets = new BudgetsVsActual();
    budgets.add(1, 'fiscal_year.created', { year: 2028, status: 'planning' });
    budgets.add(2, 'budget.version.accepted', {
      fiscalYear: 2028,
      original: true,
      lines: [{ code: '1.10.001', programme: 'SP1', appropriationCents: '900' }],
    });
    const figures = (finalCents: string) => ({
      originalCents: '900',
      finalCents,
      committedCents: '0',
      obligatedCents: '0',
      spentCents: '0',
      availableCents: finalCents,
      differenceCents: finalCents,
    });
    answer = {
      status: 200,
      body: {
        fiscalYear: 2028,
        status: 'planning',
        lines: [{ code: '1.10.001', programme: 'SP1', ...figures('900') }],
        total: figures('900'),
      },
    };
    expect(await reconcileBudgetWithApi(base, 'tok', budgets)).toBeNull();
    expect(seen[seen.length - 1]).toEqual({ url: '/fiscal-years/2028/budget-vs-actual', authorization: 'Bearer tok' });
    answer = {
      status: 200,
      body: {
        fiscalYear: 2028,
        status: 'planning',
        lines: [{ code: '1.10.001', programme: 'SP1', ...figures('1000') }],
        total: figures('1000'),
      },
    };
    expect(await reconcileBudgetWithApi(base, 'tok', budgets)).toBe(
      "The API's budget vs actual for 2028 shows the final budget (finalCents) of line 1.10.001 as 1000 cents, but the audit stream adds up to 900.",
    );
    answer = { status: 404, body: {} };
    expect(await reconcileBudgetWithApi(base, 'tok', budgets)).toMatch(/^The API answered 404 for the budget vs actual of 2028/);
  });
});
