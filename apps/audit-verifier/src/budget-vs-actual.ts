/*
 * Budget vs actual (IPSAS 24) recomputed from the audit stream alone, and its reconciliation with what the service's
 * API shows (GET /fiscal-years/{year}/budget-vs-actual). Payloads as budget-audit documents them
 * (apps/budget-audit/README.md, "What the audit log receives"); each column as the service keeps it on its lines:
 *
 * - original: the appropriation of the accepted version flagged `original` (a line first appearing in a later
 *   revision has 0);
 * - final: every `budget.version.accepted` restates every line of the year (0 for a dropped one), so a virement
 *   applied before it no longer counts; each `budget.virement.applied` since moves amountCents from one line to the
 *   other;
 * - committed (pending): + `commitment.reserved` amountCents, − `commitment.posted` postedCents + releasedCents (the
 *   whole reservation leaves), − `commitment.voided` / `commitment.expired` releasedCents;
 * - obligated: + `commitment.posted` postedCents, plus the (negative) line charges of a reversal of a commitment's
 *   posting entry;
 * - spent (actual): the net of every `ledger.entry.posted` posting that names a line (debit positive, credit
 *   negative; reversals, adjusting and commitment entries included);
 * - available = final − committed − spent, difference = final − spent, the total the sum over the lines.
 *
 * Memory: one set of figures per (year, line), plus the ids of commitment-posting entries not yet reversed (the
 * reversal's payload does not say it reverses a commitment's entry, only which entry it reverses).
 */

export interface LineFigures {
  programme: string;
  originalCents: bigint;
  finalCents: bigint;
  committedCents: bigint;
  obligatedCents: bigint;
  spentCents: bigint;
}

export interface YearFigures {
  /** planning, open, closing or closed, from the `fiscal_year.*` entries (undefined: the stream has none). */
  status?: string;
  lines: Map<string, LineFigures>;
}

/** The amount columns of the API's lines, in the order the report shows them. */
export const AMOUNT_COLUMNS = [
  'originalCents',
  'finalCents',
  'committedCents',
  'obligatedCents',
  'spentCents',
  'availableCents',
  'differenceCents',
] as const;
export type AmountColumn = (typeof AMOUNT_COLUMNS)[number];

const COLUMN_NAMES: Record<AmountColumn, string> = {
  originalCents: 'original budget',
  finalCents: 'final budget',
  committedCents: 'committed amount',
  obligatedCents: 'obligated amount',
  spentCents: 'spent amount',
  availableCents: 'available amount',
  differenceCents: 'difference between final budget and actual',
};

export class BudgetVsActualError extends Error {
  override readonly name = 'BudgetVsActualError';
}

const CENTS = /^-?(0|[1-9][0-9]*)$/;

const emptyLine = (programme = ''): LineFigures => ({
  programme,
  originalCents: 0n,
  finalCents: 0n,
  committedCents: 0n,
  obligatedCents: 0n,
  spentCents: 0n,
});

/** The figures the API derives from the kept ones. */
export function amountsOf(l: LineFigures): Record<AmountColumn, bigint> {
  return {
    originalCents: l.originalCents,
    finalCents: l.finalCents,
    committedCents: l.committedCents,
    obligatedCents: l.obligatedCents,
    spentCents: l.spentCents,
    availableCents: l.finalCents - l.committedCents - l.spentCents,
    differenceCents: l.finalCents - l.spentCents,
  };
}

export class BudgetsVsActual {
  private readonly years = new Map<number, YearFigures>();
  /** Ids of `ledger.entry.posted` entries of kind commitment that no reversal has named yet. */
  private readonly commitmentEntries = new Set<string>();

  /** Feeds one verified audit entry; entries of other kinds are ignored. */
  add(seq: number, kind: string, payload: Record<string, unknown>): void {
    const read = new PayloadReader(seq, kind, payload);
    switch (kind) {
      case 'fiscal_year.created':
        this.year(read.int('year')).status = 'planning';
        return;
      case 'fiscal_year.open':
      case 'fiscal_year.closing':
      case 'fiscal_year.closed':
        this.year(read.int('year')).status = kind.slice('fiscal_year.'.length);
        return;
      case 'budget.version.accepted':
        return this.accepted(read);
      case 'budget.virement.applied': {
        const year = read.int('fiscalYear');
        const amount = read.cents('amountCents');
        this.line(year, read.text('fromLineCode')).finalCents -= amount;
        this.line(year, read.text('toLineCode')).finalCents += amount;
        return;
      }
      case 'commitment.reserved':
        this.line(read.int('fiscalYear'), read.text('lineCode')).committedCents += read.cents('amountCents');
        return;
      case 'commitment.posted': {
        const line = this.line(read.int('fiscalYear'), read.text('lineCode'));
        const posted = read.cents('postedCents');
        line.committedCents -= posted + read.cents('releasedCents');
        line.obligatedCents += posted;
        return;
      }
      case 'commitment.voided':
      case 'commitment.expired':
        this.line(read.int('fiscalYear'), read.text('lineCode')).committedCents -= read.cents('releasedCents');
        return;
      case 'ledger.entry.posted':
        return this.posted(read);
      default:
    }
  }

  fiscalYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  of(year: number): YearFigures {
    return this.years.get(year) ?? { lines: new Map() };
  }

  private accepted(read: PayloadReader): void {
    const year = read.int('fiscalYear');
    const original = read.payload['original'] === true;
    for (const [i, l] of read.list('lines').entries()) {
      const item = read.item('lines', i, l);
      const line = this.line(year, item.text('code'));
      const appropriation = item.cents('appropriationCents');
      line.programme = item.text('programme');
      line.finalCents = appropriation;
      if (original) line.originalCents = appropriation;
    }
  }

  private posted(read: PayloadReader): void {
    const year = read.int('fiscalYear');
    const entryKind = read.payload['kind'];
    const reverses = read.payload['reverses'];
    const reversesCommitment = entryKind === 'reversal' && typeof reverses === 'string' && this.commitmentEntries.delete(reverses);
    if (entryKind === 'commitment') this.commitmentEntries.add(read.text('entryId'));
    for (const [i, p] of read.list('postings').entries()) {
      const posting = read.item('postings', i, p);
      const code = posting.payload['lineCode'];
      if (code === null || code === undefined) continue;
      const line = this.line(year, posting.text('lineCode'));
      const amount = posting.cents('amountCents');
      line.spentCents += amount;
      if (reversesCommitment) line.obligatedCents += amount;
    }
  }

  private year(year: number): YearFigures {
    let y = this.years.get(year);
    if (!y) this.years.set(year, (y = { lines: new Map() }));
    return y;
  }

  /** A line no accepted version introduced still gets figures: the reconciliation names it, the API has no such line. */
  private line(year: number, code: string): LineFigures {
    const lines = this.year(year).lines;
    let l = lines.get(code);
    if (!l) lines.set(code, (l = emptyLine()));
    return l;
  }
}

/** Reads the fields of one entry's payload, naming the entry and the field that is missing or not an amount. */
class PayloadReader {
  constructor(
    private readonly seq: number,
    private readonly kind: string,
    readonly payload: Record<string, unknown>,
    private readonly path = '',
  ) {}

  private fail(field: string, what: string): never {
    throw new BudgetVsActualError(
      `Entry ${this.seq} (${this.kind}) has no ${what} in ${this.path}${field}, so budget vs actual cannot be recomputed.`,
    );
  }

  int(field: string): number {
    const v = this.payload[field];
    return typeof v === 'number' && Number.isInteger(v) ? v : this.fail(field, 'whole number');
  }

  text(field: string): string {
    const v = this.payload[field];
    return typeof v === 'string' && v !== '' ? v : this.fail(field, 'text');
  }

  cents(field: string): bigint {
    const v = this.payload[field];
    return typeof v === 'string' && CENTS.test(v) ? BigInt(v) : this.fail(field, 'integer amount in cents');
  }

  list(field: string): unknown[] {
    const v = this.payload[field];
    return Array.isArray(v) ? v : this.fail(field, 'list');
  }

  item(field: string, i: number, v: unknown): PayloadReader {
    if (typeof v !== 'object' || v === null) this.fail(`${field}.${i}`, 'object');
    return new PayloadReader(this.seq, this.kind, v as Record<string, unknown>, `${this.path}${field}.${i}.`);
  }
}

/** The part of a line of GET /fiscal-years/{year}/budget-vs-actual the reconciliation reads. */
export type ApiBudgetLine = { code: string; programme: string } & Record<AmountColumn, string>;

export interface ApiBudgetVsActual {
  fiscalYear: number;
  status: string;
  lines: ApiBudgetLine[];
  total: Record<AmountColumn, string>;
}

/** Null when the API agrees with the stream; otherwise the first difference in a sentence. */
export function reconcileBudget(year: number, fromStream: YearFigures, api: ApiBudgetVsActual): string | null {
  const prefix = `The API's budget vs actual for ${year}`;
  if (fromStream.status !== undefined && api.status !== fromStream.status) {
    return `${prefix} shows the fiscal year as ${api.status}, but the audit stream's last fiscal-year entry leaves it ${fromStream.status}.`;
  }
  const shown = new Map(api.lines.map((l) => [l.code, l]));
  for (const code of [...fromStream.lines.keys()].sort()) {
    const s = fromStream.lines.get(code) as LineFigures;
    const a = shown.get(code);
    shown.delete(code);
    if (!a) {
      return `${prefix} has no line ${code}, but the audit stream has it (final budget ${s.finalCents}, spent ${s.spentCents} cents).`;
    }
    if (a.programme !== s.programme) {
      return `${prefix} shows line ${code} under programme ${a.programme}, but the audit stream's last accepted version puts it under ${s.programme}.`;
    }
    const difference = firstDifference(amountsOf(s), a);
    if (difference)
      return `${prefix} shows the ${difference.name} of line ${code} as ${difference.api} cents, but the audit stream adds up to ${difference.stream}.`;
  }
  const extra = [...shown.keys()].sort()[0];
  if (extra !== undefined) return `${prefix} shows line ${extra}, which no entry of the audit stream has.`;
  const difference = firstDifference(amountsOf(totalOf(fromStream.lines.values())), api.total);
  if (difference)
    return `${prefix} shows the total ${difference.name} as ${difference.api} cents, but the audit stream's lines add up to ${difference.stream}.`;
  return null;
}

/** The sums over the lines (available and difference follow from them). */
function totalOf(lines: Iterable<LineFigures>): LineFigures {
  const total = emptyLine();
  for (const l of lines) {
    total.originalCents += l.originalCents;
    total.finalCents += l.finalCents;
    total.committedCents += l.committedCents;
    total.obligatedCents += l.obligatedCents;
    total.spentCents += l.spentCents;
  }
  return total;
}

function firstDifference(
  stream: Record<AmountColumn, bigint>,
  api: Record<AmountColumn, string>,
): { name: string; api: string; stream: bigint } | null {
  for (const column of AMOUNT_COLUMNS) {
    if (!CENTS.test(String(api[column])) || BigInt(api[column]) !== stream[column]) {
      return { name: `${COLUMN_NAMES[column]} (${column})`, api: String(api[column]), stream: stream[column] };
    }
  }
  return null;
}

/** The recomputed figures as JSON (cents as strings: they may exceed 2^53), the API's shape. */
export function budgetsAsJson(
  budgets: BudgetsVsActual,
): Record<string, { status: string | null; lines: ApiBudgetLine[]; total: Record<AmountColumn, string> }> {
  const out: ReturnType<typeof budgetsAsJson> = {};
  for (const year of budgets.fiscalYears()) {
    const y = budgets.of(year);
    const lines = [...y.lines.keys()].sort().map((code) => {
      const l = y.lines.get(code) as LineFigures;
      return { code, programme: l.programme, ...centsText(amountsOf(l)) };
    });
    out[year] = { status: y.status ?? null, lines, total: centsText(amountsOf(totalOf(y.lines.values()))) };
  }
  return out;
}

function centsText(amounts: Record<AmountColumn, bigint>): Record<AmountColumn, string> {
  return Object.fromEntries(AMOUNT_COLUMNS.map((c) => [c, amounts[c].toString()])) as Record<AmountColumn, string>;
}
