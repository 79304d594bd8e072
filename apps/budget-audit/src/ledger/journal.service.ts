import { Injectable } from '@nestjs/common';
import { present } from '../common/present';
import type { Principal } from '@wco/auth';
import { DataSource, EntityManager } from 'typeorm';
import { requestHash, requireSecretariatFinanceOfficer } from '../access/finance-access';
import { AuditLogService } from '../audit-log/audit-log.service';
import { CreateJournalEntryDto, JournalEntryView, ReverseEntryDto, TrialBalanceView } from './dto/ledger.dto';
import {
  AlreadyReversedError,
  EntryNotFoundError,
  FiscalYearClosedError,
  FiscalYearNotOpenError,
  InsufficientFundsError,
  LedgerIdReusedError,
  LineRuleError,
  UnbalancedEntryError,
  UnknownAccountError,
  UnknownEntryError,
  UnknownFiscalYearError,
  UnknownLineError,
} from './ledger.errors';
import { EntryRow, LedgerRepository, LockedLine, NewPosting } from './ledger.repository';

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
  /** The chart of accounts is seeded by a migration and never changes at run time: read once per process. */
  private accountTypes?: Map<string, string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditLogService,
  ) {}

  async create(caller: Principal, dto: CreateJournalEntryDto): Promise<{ view: JournalEntryView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const hash = requestHash(dto);
    let debit = 0n;
    let credit = 0n;
    for (const p of dto.postings) {
      if (p.side === 'debit') debit += p.amountCents;
      else credit += p.amountCents;
    }
    if (debit !== credit) throw new UnbalancedEntryError(debit, credit);
    const created = await this.dataSource.transaction(async (em) => {
      const existing = await this.ledger.findEntry(dto.id, em);
      if (existing) return sameRequest(existing, hash);
      let kind: EntryRow['kind'] = 'standard';
      if (dto.corrects) {
        const corrected = await this.ledger.findEntry(dto.corrects, em);
        if (!corrected) throw new UnknownEntryError(dto.corrects, 'corrects', `entry ${dto.corrects} does not exist`);
        if (corrected.fiscal_year >= dto.fiscalYear) {
          throw new UnknownEntryError(
            dto.corrects,
            'corrects',
            'an adjusting entry corrects an entry of an earlier year; within a year, reverse the entry',
          );
        }
        kind = 'adjusting';
      }
      const entry: PostedEntry = {
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
      return this.post(em, caller.subject, entry, hash);
    });
    return { view: await this.get(dto.id), created };
  }

  /** A reversing entry with every posting negated; the original stays as it was. */
  async reverse(caller: Principal, id: string, dto: ReverseEntryDto): Promise<{ view: JournalEntryView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const hash = requestHash({ reverses: id, ...dto });
    const created = await this.dataSource.transaction(async (em) => {
      const existing = await this.ledger.findEntry(dto.id, em);
      if (existing) return sameRequest(existing, hash);
      // Locks the original so that two reversals of it queue up and the second sees the first.
      await this.ledger.lockEntry(em, id);
      const original = await this.ledger.findEntry(id, em);
      if (!original) throw new EntryNotFoundError(id);
      if (original.reversed_by) throw new AlreadyReversedError(id, original.reversed_by);
      const postings = await this.ledger.postings(id, em);
      const entry: PostedEntry = {
        id: dto.id,
        year: original.fiscal_year,
        kind: 'reversal',
        reverses: id,
        description: dto.description ?? `Reversal of ${id}`,
        reversesCommitment: original.kind === 'commitment',
        postings: postings.map((p) => ({ account: p.account_code, lineCode: p.line_code, amount: -BigInt(p.amount_cents) })),
      };
      return this.post(em, caller.subject, entry, hash, 'id');
    });
    return { view: await this.get(dto.id), created };
  }

  /**
   * Writes a balanced entry in the caller's transaction: the year must take entries, every account exist, expense
   * postings name a line of the year and stay within what the line has available (the lines locked FOR UPDATE, in
   * code order), and the audit record goes with it. Returns false when the id exists already.
   */
  async post(em: EntityManager, by: string, e: PostedEntry, hash: string, yearField = 'fiscalYear'): Promise<boolean> {
    const status = await this.ledger.shareYear(em, e.year);
    if (!status) throw new UnknownFiscalYearError(e.year, yearField);
    if (status === 'closed') throw new FiscalYearClosedError(e.year, yearField);
    if (status !== 'open' && status !== 'closing') throw new FiscalYearNotOpenError(e.year, status, yearField);
    // Read on the transaction's own connection: a second connection could wait forever on a pool whose every
    // connection is a transaction queued on a line lock.
    this.accountTypes ??= new Map((await this.ledger.accounts(em)).map((a) => [a.code, a.type]));
    const accounts = this.accountTypes;
    e.postings.forEach((p, i) => {
      const type = accounts.get(p.account);
      if (!type) throw new UnknownAccountError(p.account, `postings.${i}.account`);
      if (type === 'expense' && !p.lineCode) throw new LineRuleError('line_required', `postings.${i}.lineCode`, p.account);
      if (type !== 'expense' && p.lineCode) throw new LineRuleError('line_not_allowed', `postings.${i}.lineCode`, p.account);
    });
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
    await this.audit.append(em, [
      {
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
      },
    ]);
    return true;
  }

  async get(id: string): Promise<JournalEntryView> {
    const row = await this.ledger.findEntry(id);
    if (!row) throw new EntryNotFoundError(id);
    const postings = await this.ledger.postings(id);
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

  async accounts(): Promise<{ code: string; name: string; type: string }[]> {
    return this.ledger.accounts();
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

export function available(line: LockedLine): bigint {
  return BigInt(line.final_cents) - BigInt(line.committed_cents) - BigInt(line.spent_cents);
}

function sameRequest(existing: EntryRow, hash: string): false {
  if (existing.request_hash !== hash) throw new LedgerIdReusedError('journal entry', existing.id);
  return false;
}
