import { BudgetsVsActual, BudgetVsActualError, budgetsAsJson, reconcileBudget } from './budget-vs-actual';

const A = '1.10.001';
const B = '1.10.002';
const C = '1.10.003';
const line = (code: string, programme: string, appropriationCents: number) => ({
  code,
  programme,
  appropriationCents: String(appropriationCents),
});
const entry = (entryId: string, kind: string, postings: [string, string | null, number][], reverses: string | null = null) => ({
  entryId,
  fiscalYear: 2027,
  kind,
  reverses,
  corrects: null,
  description: entryId,
  postings: postings.map(([account, lineCode, cents]) => ({ account, lineCode, amountCents: String(cents) })),
});
const year = (to: string) => ({ year: 2027, from: 'x', to });

/** A year's life as budget-audit records it, in log order (payloads of apps/budget-audit/README.md). */
const STREAM: [string, Record<string, unknown>][] = [
  ['fiscal_year.created', { year: 2027, status: 'planning' }],
  ['budget.version.created', { versionId: 'v1', fiscalYear: 2027, number: 1, title: 'Budget', lines: [line(A, 'SP1', 1)] }],
  [
    'budget.version.accepted',
    {
      versionId: 'v1',
      fiscalYear: 2027,
      number: 1,
      original: true,
      supersedes: null,
      lines: [line(A, 'SP1', 100_000), line(B, 'SP2', 50_000)],
    },
  ],
  ['fiscal_year.open', year('open')],
  // Applied before the revision: the revision restates every line, so this virement no longer counts.
  [
    'budget.virement.applied',
    { virementId: 'w1', fiscalYear: 2027, fromLineCode: A, toLineCode: B, amountCents: '10000', approvedBy: null },
  ],
  ['budget.virement.requested', { virementId: 'w0', fiscalYear: 2027, fromLineCode: A, toLineCode: B, amountCents: '9000000' }],
  ['budget.version.superseded', { versionId: 'v1', fiscalYear: 2027, supersededBy: 'v2' }],
  [
    'budget.version.accepted',
    {
      versionId: 'v2',
      fiscalYear: 2027,
      number: 2,
      original: false,
      supersedes: 'v1',
      lines: [line(A, 'SP1', 120_000), line(B, 'SP3', 50_000), line(C, 'SP4', 30_000)],
    },
  ],
  [
    'budget.virement.applied',
    { virementId: 'w2', fiscalYear: 2027, fromLineCode: A, toLineCode: C, amountCents: '20000', approvedBy: 'fc' },
  ],
  // Reserved 40 000, posted 25 000, the rest released.
  ['commitment.reserved', { commitmentId: 'c1', fiscalYear: 2027, lineCode: A, amountCents: '40000', missionId: null }],
  [
    'ledger.entry.posted',
    entry('e1', 'commitment', [
      ['6000', A, 25_000],
      ['2000', null, -25_000],
    ]),
  ],
  [
    'commitment.posted',
    { commitmentId: 'c1', fiscalYear: 2027, lineCode: A, postedCents: '25000', releasedCents: '15000', entryId: 'e1', missionId: null },
  ],
  // Posted in full, then its entry reversed: off spent and off obligated.
  ['commitment.reserved', { commitmentId: 'c4', fiscalYear: 2027, lineCode: A, amountCents: '10000', missionId: null }],
  [
    'ledger.entry.posted',
    entry('e4', 'commitment', [
      ['6000', A, 10_000],
      ['2000', null, -10_000],
    ]),
  ],
  [
    'commitment.posted',
    { commitmentId: 'c4', fiscalYear: 2027, lineCode: A, postedCents: '10000', releasedCents: '0', entryId: 'e4', missionId: null },
  ],
  [
    'ledger.entry.posted',
    entry(
      'r4',
      'reversal',
      [
        ['6000', A, -10_000],
        ['2000', null, 10_000],
      ],
      'e4',
    ),
  ],
  ['commitment.reserved', { commitmentId: 'c2', fiscalYear: 2027, lineCode: B, amountCents: '8000', missionId: 'm1' }],
  ['commitment.voided', { commitmentId: 'c2', fiscalYear: 2027, lineCode: B, releasedCents: '8000', missionId: 'm1' }],
  ['commitment.reserved', { commitmentId: 'c3', fiscalYear: 2027, lineCode: C, amountCents: '5000', missionId: null }],
  // Direct expenses; the reversal of a standard entry comes off spent only.
  [
    'ledger.entry.posted',
    entry('e2', 'standard', [
      ['6100', B, 7_000],
      ['1000', null, -7_000],
    ]),
  ],
  [
    'ledger.entry.posted',
    entry('e5', 'standard', [
      ['6100', B, 3_000],
      ['1000', null, -3_000],
    ]),
  ],
  [
    'ledger.entry.posted',
    entry(
      'r5',
      'reversal',
      [
        ['6100', B, -3_000],
        ['1000', null, 3_000],
      ],
      'e5',
    ),
  ],
  [
    'ledger.entry.posted',
    entry('e6', 'standard', [
      ['1100', null, 500],
      ['4000', null, -500],
    ]),
  ],
  ['fiscal_year.closing', year('closing')],
  ['commitment.expired', { commitmentId: 'c3', fiscalYear: 2027, lineCode: C, releasedCents: '5000' }],
  ['fiscal_year.closed', year('closed')],
];

const feed = (entries: [string, Record<string, unknown>][]): BudgetsVsActual => {
  const b = new BudgetsVsActual();
  entries.forEach(([kind, payload], i) => b.add(i + 1, kind, payload));
  return b;
};

/** What GET /fiscal-years/2027/budget-vs-actual answers for this stream (hand-computed; titles are not in the stream). */
const apiLine = (code: string, programme: string, f: number[]) => {
  const [chapter, article, ln] = code.split('.');
  const [originalCents, finalCents, committedCents, obligatedCents, spentCents, availableCents, differenceCents] = f.map(String);
  return {
    code,
    chapter,
    article,
    line: ln,
    title: `Line ${code}`,
    programme,
    originalCents,
    finalCents,
    committedCents,
    obligatedCents,
    spentCents,
    availableCents,
    differenceCents,
  };
};
const API = {
  fiscalYear: 2027,
  status: 'closed',
  lines: [
    apiLine(A, 'SP1', [100_000, 100_000, 0, 25_000, 25_000, 75_000, 75_000]),
    apiLine(B, 'SP3', [50_000, 50_000, 0, 0, 7_000, 43_000, 43_000]),
    apiLine(C, 'SP4', [0, 50_000, 0, 0, 0, 50_000, 50_000]),
  ],
  total: { ...apiLine('', '', [150_000, 200_000, 0, 25_000, 32_000, 168_000, 168_000]), title: 'Total' },
};

describe('budget vs actual recomputed from the audit stream', () => {
  const budgets = feed(STREAM);

  it('computes every column per line as the service does (original, final after revision and virement, committed, obligated, spent)', () => {
    expect(budgets.fiscalYears()).toEqual([2027]);
    const json = budgetsAsJson(budgets)['2027'];
    expect(json.status).toBe('closed');
    expect(json.lines).toEqual(
      API.lines.map(({ code, programme, chapter: _c, article: _a, line: _l, title: _t, ...amounts }) => ({ code, programme, ...amounts })),
    );
    expect(json.total).toMatchObject({ originalCents: '150000', finalCents: '200000', spentCents: '32000', availableCents: '168000' });
  });

  it('keeps a pending reservation in committed until the year closes and it expires', () => {
    const beforeClosing = feed(
      STREAM.slice(
        0,
        STREAM.findIndex(([k]) => k === 'fiscal_year.closing'),
      ),
    ).of(2027);
    expect(beforeClosing.status).toBe('open');
    expect(beforeClosing.lines.get(C)).toMatchObject({ committedCents: 5_000n, finalCents: 50_000n, originalCents: 0n });
    // Before the revision, the first virement had moved 10 000 from A to B.
    const beforeRevision = feed(STREAM.slice(0, 5)).of(2027);
    expect([beforeRevision.lines.get(A)?.finalCents, beforeRevision.lines.get(B)?.finalCents]).toEqual([90_000n, 60_000n]);
  });

  it('agrees with the API answer of the same figures, and names the first difference in a sentence', () => {
    expect(reconcileBudget(2027, budgets.of(2027), API)).toBeNull();
    const changed = { ...API, lines: API.lines.map((l) => (l.code === B ? { ...l, finalCents: '50001' } : l)) };
    expect(reconcileBudget(2027, budgets.of(2027), changed)).toBe(
      "The API's budget vs actual for 2027 shows the final budget (finalCents) of line 1.10.002 as 50001 cents, but the audit stream adds up to 50000.",
    );
    const spent = { ...API, lines: API.lines.map((l) => (l.code === A ? { ...l, spentCents: '24000', availableCents: '76000' } : l)) };
    expect(reconcileBudget(2027, budgets.of(2027), spent)).toBe(
      "The API's budget vs actual for 2027 shows the spent amount (spentCents) of line 1.10.001 as 24000 cents, but the audit stream adds up to 25000.",
    );
    expect(reconcileBudget(2027, budgets.of(2027), { ...API, lines: API.lines.slice(1) })).toBe(
      "The API's budget vs actual for 2027 has no line 1.10.001, but the audit stream has it (final budget 100000, spent 25000 cents).",
    );
    expect(
      reconcileBudget(2027, budgets.of(2027), { ...API, lines: [...API.lines, apiLine('1.10.009', 'SP1', [0, 0, 0, 0, 0, 0, 0])] }),
    ).toBe("The API's budget vs actual for 2027 shows line 1.10.009, which no entry of the audit stream has.");
    expect(reconcileBudget(2027, budgets.of(2027), { ...API, total: { ...API.total, obligatedCents: '1' } })).toBe(
      "The API's budget vs actual for 2027 shows the total obligated amount (obligatedCents) as 1 cents, but the audit stream's lines add up to 25000.",
    );
    expect(reconcileBudget(2027, budgets.of(2027), { ...API, status: 'open' })).toBe(
      "The API's budget vs actual for 2027 shows the fiscal year as open, but the audit stream's last fiscal-year entry leaves it closed.",
    );
    expect(
      reconcileBudget(2027, budgets.of(2027), { ...API, lines: API.lines.map((l) => (l.code === C ? { ...l, programme: 'SP1' } : l)) }),
    ).toBe(
      "The API's budget vs actual for 2027 shows line 1.10.003 under programme SP1, but the audit stream's last accepted version puts it under SP4.",
    );
  });

  it('refuses an entry whose amount is not integer cents, naming the entry and the field', () => {
    expect(() =>
      new BudgetsVsActual().add(9, 'commitment.reserved', { commitmentId: 'c', fiscalYear: 2027, lineCode: A, amountCents: '1.5' }),
    ).toThrow(
      new BudgetVsActualError(
        'Entry 9 (commitment.reserved) has no integer amount in cents in amountCents, so budget vs actual cannot be recomputed.',
      ),
    );
    expect(() =>
      new BudgetsVsActual().add(3, 'budget.version.accepted', { fiscalYear: 2027, original: true, lines: [{ code: A, programme: 'SP1' }] }),
    ).toThrow(/Entry 3 \(budget\.version\.accepted\) has no integer amount in cents in lines\.0\.appropriationCents/);
  });
});
