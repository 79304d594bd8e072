import { Injectable } from '@nestjs/common';
import { present } from '../common/present';
import type { Principal } from '@wco/auth';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { requestHash, requireSecretariatFinanceOfficer } from '../access/finance-access';
import { AuditLogService, type AuditRecord } from '../audit-log/audit-log.service';
import { centsText } from '../money/cents';
import { nextCursor, pageOf } from '../audit-plan/audit-views';
import { CommitmentBatchView, CommitmentPageView, CommitmentQueryDto, CommitmentView, ReserveCommitmentDto } from './dto/ledger.dto';
import { available, ConcurrentIdError, JournalService, retryOnConcurrentId } from './journal.service';
import {
  atItem,
  CommitmentNotFoundError,
  CommitmentNotPendingError,
  FiscalYearClosedError,
  FiscalYearNotOpenError,
  InsufficientFundsError,
  LedgerIdReusedError,
  PostExceedsReservationError,
  UnknownFiscalYearError,
  UnknownLineError,
} from './ledger.errors';
import { CommitmentRow, LedgerRepository, type LockedLine } from './ledger.repository';

/** The accounts a posted commitment moves: the expense on its line against a payable. */
const EXPENSE_ACCOUNT = '6000';
const PAYABLE_ACCOUNT = '2000';
/** The accounts the service posts to by itself (commitments, the funding saga): they cannot be deactivated. */
export const COMMITMENT_ACCOUNTS: readonly string[] = [EXPENSE_ACCOUNT, PAYABLE_ACCOUNT];

export interface Reservation {
  id: string;
  year: number;
  lineCode: string;
  amount: bigint;
  description: string;
  missionId: string | null;
}

/**
 * Commitments, two-phase like TigerBeetle's pending transfers: a reservation holds part of a line's available
 * amount; posting turns all or part of it into spent (a journal entry) and releases the rest; voiding releases it
 * all; closing the year expires it. Every step runs in the caller's transaction so the funding saga can use it with
 * its inbox, and checks everything before it writes anything, so a refusal leaves the transaction clean.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly journal: JournalService,
    private readonly audit: AuditLogService,
  ) {}

  async reserve(caller: Principal, dto: ReserveCommitmentDto): Promise<{ view: CommitmentView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const r = reservationOf(dto);
    const created = await this.dataSource.transaction((em) => this.reserveIn(em, caller.subject, r, requestHash(dto)));
    return { view: await this.get(dto.id), created };
  }

  /**
   * The line is locked FOR UPDATE before its available amount is read, so concurrent reservations on one line
   * queue on its row and each sees what the previous ones took: the line can never be overspent (the table's CHECK
   * says the same). Returns false when the id exists with the same request.
   */
  async reserveIn(em: EntityManager, by: string, r: Reservation, hash: string): Promise<boolean> {
    const existing = await this.ledger.findCommitment(r.id, em);
    if (existing) return sameRequest(existing, hash);
    takesReservations(r.year, await this.ledger.shareYear(em, r.year));
    const [line] = await this.ledger.lockLines(em, r.year, [r.lineCode]);
    if (!line) throw new UnknownLineError(r.lineCode, r.year, 'lineCode');
    if (r.amount > available(line)) throw new InsufficientFundsError(r.lineCode, r.amount, available(line), 'amountCents');
    if (!(await this.ledger.insertCommitment(em, newCommitment(r, line.id, hash, by)))) {
      return sameRequest(present(await this.ledger.findCommitment(r.id, em), 'commitment'), hash);
    }
    await this.ledger.addToLine(em, line.id, { committed: r.amount });
    await this.audit.append(em, [reservedRecord(r)]);
    return true;
  }

  /**
   * Many reservations in one transaction, all or nothing: one refused item (unknown line, closed year, more than the
   * line has left after the items before it) refuses the batch, nothing is written, and the problem names the item
   * (`commitments.3.amountCents`). Idempotent per id across both routes (same id + same body → created false; another
   * body → 409 naming `commitments.i.id`). Lines are locked once each, year by year in code order (the lock order of
   * every writer), so two batches touching the same lines in different orders queue instead of deadlocking.
   */
  async reserveMany(caller: Principal, dtos: ReserveCommitmentDto[]): Promise<CommitmentBatchView> {
    requireSecretariatFinanceOfficer(caller);
    const items = dtos.map((dto) => ({ r: reservationOf(dto), hash: requestHash(dto) }));
    return retryOnConcurrentId(() => this.dataSource.transaction((em) => this.reserveManyIn(em, caller.subject, items)));
  }

  private async reserveManyIn(em: EntityManager, by: string, items: { r: Reservation; hash: string }[]): Promise<CommitmentBatchView> {
    const years = [...new Set(items.map((it) => it.r.year))].sort((a, b) => a - b);
    const status = new Map<number, string | null>();
    for (const year of years) status.set(year, await this.ledger.shareYear(em, year));
    const existing = await this.ledger.commitmentHashes(em, [...new Set(items.map((it) => it.r.id))]);
    const fresh: { r: Reservation; hash: string; index: number }[] = [];
    const results: CommitmentBatchView['results'] = [];
    const seen = new Map<string, string>();
    items.forEach(({ r, hash }, index) =>
      atItem(`commitments.${index}`, () => {
        const before = existing.get(r.id) ?? seen.get(r.id);
        if (before !== undefined) {
          if (before !== hash) throw new LedgerIdReusedError('commitment', r.id, 'id');
          results.push({ id: r.id, created: false });
          return;
        }
        takesReservations(r.year, status.get(r.year) ?? null);
        seen.set(r.id, hash);
        fresh.push({ r, hash, index });
        results.push({ id: r.id, created: true });
      }),
    );
    if (fresh.length === 0) return { results, created: 0 };
    const lines = new Map<string, LockedLine>();
    for (const year of years) {
      const codes = [...new Set(fresh.filter((it) => it.r.year === year).map((it) => it.r.lineCode))].sort();
      for (const l of await this.ledger.lockLines(em, year, codes)) lines.set(`${year}/${l.code}`, l);
    }
    // Availability counted in the order of the request, each item against what the ones before it left.
    const left = new Map([...lines].map(([key, l]) => [key, available(l)]));
    const taken = new Map<string, bigint>();
    for (const { r, index } of fresh) {
      atItem(`commitments.${index}`, () => {
        const key = `${r.year}/${r.lineCode}`;
        const rest = left.get(key);
        if (rest === undefined) throw new UnknownLineError(r.lineCode, r.year, 'lineCode');
        if (r.amount > rest) throw new InsufficientFundsError(r.lineCode, r.amount, rest, 'amountCents');
        left.set(key, rest - r.amount);
        taken.set(key, (taken.get(key) ?? 0n) + r.amount);
      });
    }
    for (const { r, hash } of fresh) {
      const line = lines.get(`${r.year}/${r.lineCode}`) as LockedLine;
      if (!(await this.ledger.insertCommitment(em, newCommitment(r, line.id, hash, by)))) throw new ConcurrentIdError();
    }
    for (const [key, amount] of taken) await this.ledger.addToLine(em, (lines.get(key) as LockedLine).id, { committed: amount });
    await this.audit.append(
      em,
      fresh.map(({ r }) => reservedRecord(r)),
    );
    return { results, created: fresh.length };
  }

  async post(caller: Principal, id: string, amount: bigint | undefined): Promise<CommitmentView> {
    requireSecretariatFinanceOfficer(caller);
    await this.dataSource.transaction((em) => this.postIn(em, caller.subject, id, amount));
    return this.get(id);
  }

  /** Posts `amount` (default: all) and releases the rest. Posting again with the same amount changes nothing. */
  async postIn(em: EntityManager, by: string, id: string, amount: bigint | undefined): Promise<CommitmentRow> {
    const c = await this.lockPending(em, id, 'posted', amount);
    if (c.status === 'posted') return c;
    const posted = amount ?? BigInt(c.amount_cents);
    const reserved = BigInt(c.amount_cents);
    if (posted > reserved) throw new PostExceedsReservationError(posted, reserved);
    const released = reserved - posted;
    const entryId = entryIdOf(c.id);
    await this.ledger.lockLines(em, c.fiscal_year, [c.line_code]);
    // The reservation leaves the line before the expense lands on it: the line's CHECK (committed + spent <= final)
    // holds after every statement.
    await this.ledger.addToLine(em, c.line_id, { committed: -reserved, obligated: posted });
    if (posted > 0n) {
      await this.journal.post(
        em,
        by,
        {
          id: entryId,
          year: c.fiscal_year,
          kind: 'commitment',
          description: `Posting of commitment ${c.id}: ${c.description}`.slice(0, 500),
          postings: [
            { account: EXPENSE_ACCOUNT, lineCode: c.line_code, amount: posted },
            { account: PAYABLE_ACCOUNT, lineCode: null, amount: -posted },
          ],
        },
        requestHash({ commitment: c.id, posted: posted.toString() }),
      );
    }
    await this.ledger.settleCommitment(em, c.id, {
      status: 'posted',
      posted,
      released,
      hash: settleHash('posted', amount),
      entryId: posted > 0n ? entryId : null,
    });
    await this.audit.append(em, [
      {
        kind: 'commitment.posted',
        aggregateId: c.id,
        payload: {
          commitmentId: c.id,
          fiscalYear: c.fiscal_year,
          lineCode: c.line_code,
          postedCents: posted.toString(),
          releasedCents: released.toString(),
          entryId: posted > 0n ? entryId : null,
          missionId: c.mission_id,
        },
      },
    ]);
    return present(await this.ledger.findCommitment(id, em), 'commitment');
  }

  async void(caller: Principal, id: string): Promise<CommitmentView> {
    requireSecretariatFinanceOfficer(caller);
    await this.dataSource.transaction((em) => this.voidIn(em, id));
    return this.get(id);
  }

  async voidIn(em: EntityManager, id: string): Promise<CommitmentRow> {
    const c = await this.lockPending(em, id, 'voided', undefined);
    if (c.status === 'voided') return c;
    const reserved = BigInt(c.amount_cents);
    await this.ledger.lockLines(em, c.fiscal_year, [c.line_code]);
    await this.ledger.addToLine(em, c.line_id, { committed: -reserved });
    await this.ledger.settleCommitment(em, c.id, {
      status: 'voided',
      posted: 0n,
      released: reserved,
      hash: settleHash('voided', undefined),
      entryId: null,
    });
    await this.audit.append(em, [
      {
        kind: 'commitment.voided',
        aggregateId: c.id,
        payload: {
          commitmentId: c.id,
          fiscalYear: c.fiscal_year,
          lineCode: c.line_code,
          releasedCents: reserved.toString(),
          missionId: c.mission_id,
        },
      },
    ]);
    return present(await this.ledger.findCommitment(id, em), 'commitment');
  }

  /** Commitments newest first (filters: fiscalYear, lineCode, status). */
  async list(query: CommitmentQueryDto): Promise<CommitmentPageView> {
    const rows = await this.ledger.listCommitments({
      year: query.fiscalYear,
      lineCode: query.lineCode,
      status: query.status,
      ...pageOf(query),
    });
    return { items: rows.slice(0, query.limit).map(commitmentView), nextCursor: nextCursor(rows, query.limit) };
  }

  async get(id: string): Promise<CommitmentView> {
    const c = await this.ledger.findCommitment(id);
    if (!c) throw new CommitmentNotFoundError(id);
    return commitmentView(c);
  }

  /**
   * The commitment locked, its year taken FOR SHARE (the lock order of every writer: year, lines, commitment).
   * A repeat of the step that settled it answers with it as it is; any other step on a settled one is a 409.
   */
  private async lockPending(em: EntityManager, id: string, step: 'posted' | 'voided', amount: bigint | undefined): Promise<CommitmentRow> {
    const peek = await this.ledger.findCommitment(id, em);
    if (!peek) throw new CommitmentNotFoundError(id);
    const status = await this.ledger.shareYear(em, peek.fiscal_year);
    const c = present(await this.ledger.findCommitment(id, em, true), 'commitment');
    if (c.status === step) {
      if (c.settle_hash !== settleHash(step, amount))
        throw new LedgerIdReusedError(`commitment ${step === 'posted' ? 'posting' : 'void'} of`, id);
      return c;
    }
    if (c.status !== 'pending') throw new CommitmentNotPendingError(id, c.status);
    if (status === 'closed') throw new FiscalYearClosedError(c.fiscal_year, 'id');
    return c;
  }
}

function reservationOf(dto: ReserveCommitmentDto): Reservation {
  return {
    id: dto.id,
    year: dto.fiscalYear,
    lineCode: dto.lineCode,
    amount: dto.amountCents,
    description: dto.description,
    missionId: null,
  };
}

/** A reservation needs an open year (422 naming `fiscalYear` otherwise). */
function takesReservations(year: number, status: string | null): void {
  if (!status) throw new UnknownFiscalYearError(year);
  if (status === 'closed') throw new FiscalYearClosedError(year);
  if (status !== 'open') throw new FiscalYearNotOpenError(year, status);
}

function newCommitment(r: Reservation, lineId: string, hash: string, by: string): Parameters<LedgerRepository['insertCommitment']>[1] {
  return { id: r.id, lineId, year: r.year, amount: r.amount, description: r.description, missionId: r.missionId, hash, by };
}

function reservedRecord(r: Reservation): AuditRecord {
  return {
    kind: 'commitment.reserved',
    aggregateId: r.id,
    payload: { commitmentId: r.id, fiscalYear: r.year, lineCode: r.lineCode, amountCents: r.amount.toString(), missionId: r.missionId },
  };
}

/** The journal entry of a commitment's posting has an id derived from the commitment's, so a retry finds it. */
function entryIdOf(commitmentId: string): string {
  const h = createHash('sha256').update(`commitment-posting:${commitmentId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

function settleHash(step: string, amount: bigint | undefined): string {
  return requestHash({ step, amountCents: amount?.toString() ?? null });
}

function sameRequest(existing: CommitmentRow, hash: string): false {
  if (existing.request_hash !== hash) throw new LedgerIdReusedError('commitment', existing.id);
  return false;
}

export function commitmentView(c: CommitmentRow): CommitmentView {
  return {
    id: c.id,
    fiscalYear: c.fiscal_year,
    lineCode: c.line_code,
    status: c.status,
    amountCents: centsText(c.amount_cents),
    postedCents: centsText(c.posted_cents),
    releasedCents: centsText(c.released_cents),
    description: c.description,
    missionId: c.mission_id,
    entryId: c.entry_id,
    createdAt: c.created_at.toISOString(),
  };
}
