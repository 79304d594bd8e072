import { Injectable } from '@nestjs/common';
import { present } from '../common/present';
import type { Principal } from '@wco/auth';
import { DataSource, EntityManager } from 'typeorm';
import { requestHash, requireSecretariatFinanceOfficer } from '../access/finance-access';
import { AuditLogService, AuditRecord } from '../audit-log/audit-log.service';
import {
  CreateJournalEntryDto,
  JournalBatchView,
  JournalEntryPageView,
  JournalEntryQueryDto,
  JournalEntryView,
  ReversalItemDto,
  ReverseEntryDto,
  TrialBalanceView,
} from './dto/ledger.dto';
import {
  AlreadyReversedError,
  atItem,
  prefixed,
  EntryNotFoundError,
  FiscalYearClosedError,
  FiscalYearNotOpenError,
  InsufficientFundsError,
  LedgerIdReusedError,
  InactiveAccountError,
  LineRuleError,
  UnbalancedEntryError,
  UnknownAccountError,
  UnknownEntryError,
  UnknownFiscalYearError,
  UnknownLineError,
} from './ledger.errors';
import { EntryRow, LedgerRepository, LockedLine, NewPosting, PostingRow } from './ledger.repository';
import { nextCursor, pageOf } from '../audit-plan/audit-views';

export interface PostedEntry {
  id: string;
  year: number;
  kind: EntryRow['kind'];
  reverses?: string | null;
  corrects?: string | null;
  description: string;
  postings: { account: string; lineCode: string | null; amount: bigint }[];
  /** A reversal of a commitment's posting entry: what it takes off spent comes off obligated too. */
  reversesCommitment?: boolean;
}

/** The double-entry journal: balanced, immutable entries; a correction is a reversal or an adjusting entry. */
@Injectable()
export class JournalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditLogService,
  ) {}

  async create(caller: Principal, dto: CreateJournalEntryDto): Promise<{ view: JournalEntryView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const hash = requestHash(dto);
    assertBalanced(dto);
    const created = await this.dataSource.transaction(async (em) => {
      const existing = await this.ledger.findEntry(dto.id, em);
      if (existing) return sameRequest(existing, hash);
      const corrected = dto.corrects ? await this.ledger.findEntry(dto.corrects, em) : null;
      const entry = postedEntry(dto, corrected?.fiscal_year);
      return this.post(em, caller.subject, entry, hash);
    });
    return { view: await this.get(dto.id), created };
  }

  /** A reversing entry with every posting negated; the original stays as it was. */
  async reverse(caller: Principal, id: string, dto: ReverseEntryDto): Promise<{ view: JournalEntryView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const hash = reversalHash(id, dto);
    const created = await this.dataSource.transaction(async (em) => {
      const existing = await this.ledger.findEntry(dto.id, em);
      if (existing) return sameRequest(existing, hash);
      // Locks the original so that two reversals of it queue up and the second sees the first.
      await this.ledger.lockEntry(em, id);
      const original = await this.ledger.findEntry(id, em);
      if (!original) throw new EntryNotFoundError(id);
      if (original.reversed_by) throw new AlreadyReversedError(id, original.reversed_by);
      return this.post(em, caller.subject, reversalOf(original, await this.ledger.postings(id, em), dto), hash, 'id');
    });
    return { view: await this.get(dto.id), created };
  }

  /**
   * Many reversals in one transaction (POST /journal-entries/reversals/batch): all or nothing, each checked as the
   * single route checks it, a refusal naming the item (`reversals.2.reverses`). Idempotent per reversal id across
   * both routes (the same request hash): an existing one with the same body answers `created: false`, with another
   * body 409 naming `reversals.i.id`. Lock order, the one of every writer: the originals FOR UPDATE in id order, then
   * their years FOR SHARE in year order, then their lines FOR UPDATE in (year, code) order; each reversal is then
   * posted as the single route posts it (its locks are already held, so two batches never deadlock).
   */
  async reverseMany(caller: Principal, items: ReversalItemDto[]): Promise<JournalBatchView> {
    requireSecretariatFinanceOfficer(caller);
    return this.dataSource.transaction(async (em) => {
      const originals = [...new Set(items.map((it) => it.reverses))].sort();
      for (const id of originals) await this.ledger.lockEntry(em, id);
      const years = await this.ledger.entryHashes(em, originals);
      for (const year of [...new Set([...years.values()].map((y) => y.year))].sort((a, b) => a - b)) await this.ledger.shareYear(em, year);
      await this.ledger.lockLinesOfEntries(em, originals);
      const results: JournalBatchView['results'] = [];
      for (const [i, { reverses, ...dto }] of items.entries()) {
        const hash = reversalHash(reverses, dto);
        try {
          const existing = await this.ledger.findEntry(dto.id, em);
          if (existing) {
            if (existing.request_hash !== hash) throw new LedgerIdReusedError('journal entry', dto.id, 'id');
            results.push({ id: dto.id, created: false });
            continue;
          }
          const original = await this.ledger.findEntry(reverses, em);
          if (!original) throw new UnknownEntryError(reverses, 'reverses', `entry ${reverses} does not exist`);
          if (original.reversed_by) throw new AlreadyReversedError(reverses, original.reversed_by, 'reverses');
          await this.post(em, caller.subject, reversalOf(original, await this.ledger.postings(reverses, em), dto), hash, 'reverses');
          results.push({ id: dto.id, created: true });
        } catch (error) {
          throw prefixed(error, `reversals.${i}`);
        }
      }
      return { results, created: results.filter((r) => r.created).length };
    });
  }

  /**
   * Writes a balanced entry in the caller's transaction: the year must take entries, every account exist, expense
   * postings name a line of the year and stay within what the line has available (the lines locked FOR UPDATE, in
   * code order), and the audit record goes with it. Returns false when the id exists already.
   */
  async post(em: EntityManager, by: string, e: PostedEntry, hash: string, yearField = 'fiscalYear'): Promise<boolean> {
    takesEntries(e.year, await this.ledger.shareYear(em, e.year), yearField);
    checkAccounts(
      e,
      await this.ledger.shareAccounts(
        em,
        e.postings.map((p) => p.account),
      ),
    );
    const codes = [...new Set(e.postings.flatMap((p) => (p.lineCode ? [p.lineCode] : [])))].sort();
    const lines = new Map((await this.ledger.lockLines(em, e.year, codes)).map((l) => [l.code, l]));
    const charges = new Map<string, bigint>();
    e.postings.forEach((p, i) => {
      if (!p.lineCode) return;
      if (!lines.has(p.lineCode)) throw new UnknownLineError(p.lineCode, e.year, `postings.${i}.lineCode`);
      charges.set(p.lineCode, (charges.get(p.lineCode) ?? 0n) + p.amount);
    });
    for (const [code, charge] of charges) {
      const line = present(lines.get(code), `line ${code}`);
      if (e.kind !== 'commitment' && charge > 0n && charge > available(line)) {
        const index = e.postings.findIndex((p) => p.lineCode === code);
        throw new InsufficientFundsError(code, charge, available(line), `postings.${index}.amountCents`);
      }
    }
    const postings: NewPosting[] = e.postings.map((p) => ({
      account: p.account,
      lineId: p.lineCode ? present(lines.get(p.lineCode), `line ${p.lineCode}`).id : null,
      amount: p.amount,
    }));
    if (
      !(await this.ledger.insertEntry(
        em,
        { id: e.id, year: e.year, kind: e.kind, reverses: e.reverses, corrects: e.corrects, description: e.description, hash, by },
        postings,
      ))
    ) {
      return sameRequest(present(await this.ledger.findEntry(e.id, em), 'journal entry'), hash);
    }
    for (const [code, charge] of charges) {
      await this.ledger.addToLine(em, present(lines.get(code), `line ${code}`).id, {
        spent: charge,
        obligated: e.reversesCommitment ? charge : 0n,
      });
    }
    await this.audit.append(em, [entryRecord(e)]);
    return true;
  }

  /**
   * Many entries in one transaction (POST /journal-entries/batch): all or nothing. Every entry is checked as the
   * single route checks it (balance, year, accounts, lines, availability counted in the batch's order, adjusting
   * entries), a refusal names the item (`entries.3.postings.0.amountCents`) and writes nothing of the batch.
   * Idempotent per entry id: an entry already posted with the same body (by either route, or earlier in the batch)
   * is answered `created: false`; with another body, 409 naming `entries.i.id`. The years are taken FOR SHARE in
   * year order, then every line the batch touches FOR UPDATE in (year, code) order, the one order of all writers.
   * Entries, postings, line counters and audit records are then written set-wise: a handful of statements for the
   * whole batch instead of six per entry, which is where the batch's rate comes from.
   */
  async createMany(caller: Principal, dtos: CreateJournalEntryDto[]): Promise<JournalBatchView> {
    requireSecretariatFinanceOfficer(caller);
    const items = dtos.map((dto, i) =>
      atItem(`entries.${i}`, () => {
        assertBalanced(dto);
        return { dto, hash: requestHash(dto) };
      }),
    );
    return retryOnConcurrentId(() => this.dataSource.transaction((em) => this.writeMany(em, caller.subject, items)));
  }

  private async writeMany(em: EntityManager, by: string, items: { dto: CreateJournalEntryDto; hash: string }[]): Promise<JournalBatchView> {
    const years = [...new Set(items.map((it) => it.dto.fiscalYear))].sort((a, b) => a - b);
    const status = new Map<number, string | null>();
    for (const year of years) status.set(year, await this.ledger.shareYear(em, year));
    const accounts = await this.ledger.shareAccounts(
      em,
      items.flatMap((it) => it.dto.postings.map((p) => p.account)),
    );
    const existing = await this.ledger.entryHashes(em, [...new Set(items.map((it) => it.dto.id))]);
    const corrected = await this.ledger.entryHashes(em, [...new Set(items.flatMap((it) => (it.dto.corrects ? [it.dto.corrects] : [])))]);
    const entries: PostedEntry[] = [];
    const results: JournalBatchView['results'] = [];
    const seen = new Map<string, string>();
    items.forEach(({ dto, hash }, i) =>
      atItem(`entries.${i}`, () => {
        const before = existing.get(dto.id)?.hash ?? seen.get(dto.id);
        if (before !== undefined) {
          if (before !== hash) throw new LedgerIdReusedError('journal entry', dto.id, 'id');
          results.push({ id: dto.id, created: false });
          return;
        }
        takesEntries(dto.fiscalYear, status.get(dto.fiscalYear) ?? null, 'fiscalYear');
        const entry = postedEntry(dto, dto.corrects ? corrected.get(dto.corrects)?.year : undefined);
        checkAccounts(entry, accounts);
        seen.set(dto.id, hash);
        entries.push(entry);
        results.push({ id: dto.id, created: true });
      }),
    );
    if (entries.length === 0) return { results, created: 0 };
    // Lines of every year, locked year by year in code order.
    const lines = new Map<string, LockedLine>();
    for (const year of years) {
      const codes = [
        ...new Set(entries.filter((e) => e.year === year).flatMap((e) => e.postings.flatMap((p) => (p.lineCode ? [p.lineCode] : [])))),
      ].sort();
      for (const l of await this.ledger.lockLines(em, year, codes)) lines.set(`${year}/${l.code}`, l);
    }
    const left = new Map([...lines].map(([key, l]) => [key, available(l)]));
    const spent = new Map<string, bigint>();
    const postings: (NewPosting & { entryId: string; n: number })[] = [];
    for (const e of entries) {
      const index = items.findIndex((it) => it.dto.id === e.id);
      atItem(`entries.${index}`, () => {
        const charges = new Map<string, bigint>();
        e.postings.forEach((p, i) => {
          if (!p.lineCode) return;
          if (!lines.has(`${e.year}/${p.lineCode}`)) throw new UnknownLineError(p.lineCode, e.year, `postings.${i}.lineCode`);
          charges.set(p.lineCode, (charges.get(p.lineCode) ?? 0n) + p.amount);
        });
        for (const [code, charge] of charges) {
          const key = `${e.year}/${code}`;
          const room = present(left.get(key), `line ${key}`);
          if (charge > 0n && charge > room) {
            throw new InsufficientFundsError(
              code,
              charge,
              room,
              `postings.${e.postings.findIndex((p) => p.lineCode === code)}.amountCents`,
            );
          }
          left.set(key, room - charge);
          const id = present(lines.get(key), `line ${key}`).id;
          spent.set(id, (spent.get(id) ?? 0n) + charge);
        }
      });
      e.postings.forEach((p, i) =>
        postings.push({
          entryId: e.id,
          n: i + 1,
          account: p.account,
          lineId: p.lineCode ? present(lines.get(`${e.year}/${p.lineCode}`), `line ${p.lineCode}`).id : null,
          amount: p.amount,
        }),
      );
    }
    const rows = entries.map((e) => ({
      id: e.id,
      year: e.year,
      kind: e.kind,
      corrects: e.corrects ?? null,
      description: e.description,
      hash: present(seen.get(e.id), 'hash'),
      by,
    }));
    if ((await this.ledger.insertEntries(em, rows, postings, spent)) !== rows.length) throw new ConcurrentIdError();
    await this.audit.append(em, entries.map(entryRecord));
    return { results, created: entries.length };
  }

  async get(id: string): Promise<JournalEntryView> {
    const row = await this.ledger.findEntry(id);
    if (!row) throw new EntryNotFoundError(id);
    return entryView(row, await this.ledger.postings(id));
  }

  /** Entries newest first, with their postings (filters: fiscalYear, kind). */
  async list(query: JournalEntryQueryDto): Promise<JournalEntryPageView> {
    const rows = await this.ledger.listEntries({ year: query.fiscalYear, kind: query.kind, ...pageOf(query) });
    const page = rows.slice(0, query.limit);
    const postings = await this.ledger.postingsOf(page.map((r) => r.id));
    return { items: page.map((r) => entryView(r, postings.get(r.id) ?? [])), nextCursor: nextCursor(rows, query.limit) };
  }

  async trialBalance(year: number): Promise<TrialBalanceView> {
    const rows = await this.ledger.trialBalance(year);
    const accounts = rows.map((r) => ({
      account: r.account,
      name: r.name,
      debitCents: r.debit,
      creditCents: r.credit,
      balanceCents: (BigInt(r.debit) - BigInt(r.credit)).toString(),
    }));
    return {
      fiscalYear: year,
      accounts,
      totalDebitCents: accounts.reduce((s, a) => s + BigInt(a.debitCents), 0n).toString(),
      totalCreditCents: accounts.reduce((s, a) => s + BigInt(a.creditCents), 0n).toString(),
    };
  }
}

/** The year must take entries: open, or closing (entries and postings of commitments still). */
/** Refuses an entry whose debits and credits differ (to the cent). */
function assertBalanced(dto: CreateJournalEntryDto): void {
  let debit = 0n;
  let credit = 0n;
  for (const p of dto.postings) {
    if (p.side === 'debit') debit += p.amountCents;
    else credit += p.amountCents;
  }
  if (debit !== credit) throw new UnbalancedEntryError(debit, credit);
}

/**
 * The entry as it is posted. With `corrects` it is an adjusting entry, and `correctedYear` is the year of the entry
 * it corrects (undefined when that entry does not exist), which must be an earlier one.
 */
function postedEntry(dto: CreateJournalEntryDto, correctedYear: number | undefined): PostedEntry {
  let kind: EntryRow['kind'] = 'standard';
  if (dto.corrects) {
    if (correctedYear === undefined) throw new UnknownEntryError(dto.corrects, 'corrects', `entry ${dto.corrects} does not exist`);
    if (correctedYear >= dto.fiscalYear) {
      throw new UnknownEntryError(
        dto.corrects,
        'corrects',
        'an adjusting entry corrects an entry of an earlier year; within a year, reverse the entry',
      );
    }
    kind = 'adjusting';
  }
  return {
    id: dto.id,
    year: dto.fiscalYear,
    kind,
    corrects: dto.corrects ?? null,
    description: dto.description,
    postings: dto.postings.map((p) => ({
      account: p.account,
      lineCode: p.lineCode ?? null,
      amount: p.side === 'debit' ? p.amountCents : -p.amountCents,
    })),
  };
}

function takesEntries(year: number, status: string | null, yearField: string): void {
  if (!status) throw new UnknownFiscalYearError(year, yearField);
  if (status === 'closed') throw new FiscalYearClosedError(year, yearField);
  if (status !== 'open' && status !== 'closing') throw new FiscalYearNotOpenError(year, status, yearField);
}

/** Every account exists and is active; expense accounts name the line they are charged to, other accounts none. */
function checkAccounts(e: PostedEntry, accounts: Map<string, { type: string; status: string }>): void {
  e.postings.forEach((p, i) => {
    const account = accounts.get(p.account);
    if (!account) throw new UnknownAccountError(p.account, `postings.${i}.account`);
    if (account.status !== 'active') throw new InactiveAccountError(p.account, `postings.${i}.account`);
    const type = account.type;
    if (type === 'expense' && !p.lineCode) throw new LineRuleError('line_required', `postings.${i}.lineCode`, p.account);
    if (type !== 'expense' && p.lineCode) throw new LineRuleError('line_not_allowed', `postings.${i}.lineCode`, p.account);
  });
}

function entryRecord(e: PostedEntry): AuditRecord {
  return {
    kind: 'ledger.entry.posted',
    aggregateId: e.id,
    payload: {
      entryId: e.id,
      fiscalYear: e.year,
      kind: e.kind,
      reverses: e.reverses ?? null,
      corrects: e.corrects ?? null,
      description: e.description,
      postings: e.postings.map((p) => ({ account: p.account, lineCode: p.lineCode, amountCents: p.amount.toString() })),
    },
  };
}

/** Another transaction inserted an id of the batch after it was checked: the batch is rolled back and retried. */
/** A concurrent request inserted one of a batch's ids between the check and the insert: the batch is retried. */
export class ConcurrentIdError extends Error {}

/** Runs a batch's transaction again (at most three times in all) when it met a ConcurrentIdError: the retry sees the id. */
export async function retryOnConcurrentId<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!(error instanceof ConcurrentIdError) || attempt >= 3) throw error;
    }
  }
}

function entryView(row: EntryRow, postings: PostingRow[]): JournalEntryView {
  return {
    id: row.id,
    fiscalYear: row.fiscal_year,
    kind: row.kind,
    reverses: row.reverses,
    reversedBy: row.reversed_by,
    corrects: row.corrects,
    description: row.description,
    createdAt: row.created_at.toISOString(),
    postings: postings.map((p) => {
      const amount = BigInt(p.amount_cents);
      return {
        account: p.account_code,
        lineCode: p.line_code,
        side: amount > 0n ? 'debit' : 'credit',
        amountCents: (amount > 0n ? amount : -amount).toString(),
      };
    }),
  };
}

export function available(line: LockedLine): bigint {
  return BigInt(line.final_cents) - BigInt(line.committed_cents) - BigInt(line.spent_cents);
}

/** The request hash of a reversal, the same by either route: {reverses, id, description?}. */
function reversalHash(reverses: string, dto: ReverseEntryDto): string {
  return requestHash({ reverses, ...dto });
}

/** The reversing entry of `original`: every posting negated, in the original's year. */
function reversalOf(original: EntryRow, postings: PostingRow[], dto: ReverseEntryDto): PostedEntry {
  return {
    id: dto.id,
    year: original.fiscal_year,
    kind: 'reversal',
    reverses: original.id,
    description: dto.description ?? `Reversal of ${original.id}`,
    reversesCommitment: original.kind === 'commitment',
    postings: postings.map((p) => ({ account: p.account_code, lineCode: p.line_code, amount: -BigInt(p.amount_cents) })),
  };
}

function sameRequest(existing: EntryRow, hash: string): false {
  if (existing.request_hash !== hash) throw new LedgerIdReusedError('journal entry', existing.id);
  return false;
}
