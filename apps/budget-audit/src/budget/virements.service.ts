import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource, EntityManager } from 'typeorm';
import { requestHash, requireSecretariatFinanceOfficer } from '../access/finance-access';
import { AuditLogService } from '../audit-log/audit-log.service';
import { present } from '../common/present';
import { BudgetAuditConfig } from '../config/budget-audit.config';
import {
  FiscalYearClosedError,
  FiscalYearNotOpenError,
  InsufficientFundsError,
  LedgerIdReusedError,
  UnknownFiscalYearError,
  UnknownLineError,
} from '../ledger/ledger.errors';
import { InvalidTransitionError, SameLineError, VirementNotFoundError } from './budget.errors';
import { RequestVirementDto, VirementView } from './dto/virement.dto';

interface VirementRow {
  id: string;
  fiscal_year: number;
  from_line_id: string;
  to_line_id: string;
  from_code: string;
  to_code: string;
  amount_cents: string;
  reason: string;
  status: 'pending' | 'applied';
  request_hash: string;
  approved_by: string | null;
  created_at: Date;
}

interface LineRow {
  id: string;
  code: string;
  final_cents: string;
  committed_cents: string;
  spent_cents: string;
}

const SELECT = `SELECT v.*, f.code AS from_code, t.code AS to_code FROM virement v
  JOIN budget_line f ON f.id = v.from_line_id JOIN budget_line t ON t.id = v.to_line_id WHERE v.id = $1`;

/**
 * Transfers of appropriation between two lines of a year (virements): a finance officer asks; up to the configured
 * threshold (VIREMENT_APPROVAL_THRESHOLD_CENTS) it is applied at once, above it the Finance Committee approves it.
 * It moves final budget only, and never more than the giving line has available (final − committed − spent),
 * checked under the lines' row locks when it is applied. A later accepted budget version restates every line.
 */
@Injectable()
export class VirementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly config: BudgetAuditConfig,
  ) {}

  async request(caller: Principal, year: number, dto: RequestVirementDto): Promise<{ view: VirementView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    if (dto.fromLineCode === dto.toLineCode) throw new SameLineError();
    const hash = requestHash({ year, ...dto });
    const created = await this.dataSource.transaction(async (em) => {
      const existing = await this.find(em, dto.id);
      if (existing) {
        if (existing.request_hash !== hash) throw new LedgerIdReusedError('virement', dto.id);
        return false;
      }
      const [from, to] = await this.lockLines(em, year, dto.fromLineCode, dto.toLineCode);
      const applyNow = dto.amountCents <= BigInt(this.config.VIREMENT_APPROVAL_THRESHOLD_CENTS);
      if (applyNow) assertAvailable(from, dto.amountCents);
      const rows: unknown[] = await em.query(
        `INSERT INTO virement (id, fiscal_year, from_line_id, to_line_id, amount_cents, reason, status, request_hash, requested_by, applied_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${applyNow ? 'now()' : 'NULL'}) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [dto.id, year, from.id, to.id, dto.amountCents.toString(), dto.reason, applyNow ? 'applied' : 'pending', hash, caller.subject],
      );
      if (rows.length === 0) throw new LedgerIdReusedError('virement', dto.id);
      const facts = {
        virementId: dto.id,
        fiscalYear: year,
        fromLineCode: from.code,
        toLineCode: to.code,
        amountCents: dto.amountCents.toString(),
      };
      if (applyNow) {
        await this.move(em, from, to, dto.amountCents);
        await this.audit.append(em, [{ kind: 'budget.virement.applied', aggregateId: dto.id, payload: { ...facts, approvedBy: null } }]);
      } else {
        await this.audit.append(em, [{ kind: 'budget.virement.requested', aggregateId: dto.id, payload: facts }]);
      }
      return true;
    });
    return { view: await this.get(dto.id), created };
  }

  /** The Finance Committee applies a pending virement (the role guard admits only finance-committee). */
  async approve(caller: Principal, id: string): Promise<VirementView> {
    await this.dataSource.transaction(async (em) => {
      const v = await this.find(em, id);
      if (!v) throw new VirementNotFoundError(id);
      const [from, to] = await this.lockLines(em, v.fiscal_year, v.from_code, v.to_code);
      const locked = present(await this.find(em, id, true), 'virement');
      if (locked.status === 'applied') {
        if (locked.approved_by === null)
          throw new InvalidTransitionError(`virement ${id} (applied without approval)`, 'applied', 'approved');
        return;
      }
      const amount = BigInt(v.amount_cents);
      assertAvailable(from, amount);
      await this.move(em, from, to, amount);
      await em.query(`UPDATE virement SET status = 'applied', approved_by = $2, applied_at = now() WHERE id = $1`, [id, caller.subject]);
      await this.audit.append(em, [
        {
          kind: 'budget.virement.applied',
          aggregateId: id,
          payload: {
            virementId: id,
            fiscalYear: v.fiscal_year,
            fromLineCode: from.code,
            toLineCode: to.code,
            amountCents: amount.toString(),
            approvedBy: caller.subject,
          },
        },
      ]);
    });
    return this.get(id);
  }

  async get(id: string): Promise<VirementView> {
    const v = await this.find(this.dataSource.manager, id);
    if (!v) throw new VirementNotFoundError(id);
    return {
      id: v.id,
      fiscalYear: v.fiscal_year,
      fromLineCode: v.from_code,
      toLineCode: v.to_code,
      amountCents: BigInt(v.amount_cents).toString(),
      reason: v.reason,
      status: v.status,
      approvedBy: v.approved_by,
      createdAt: v.created_at.toISOString(),
    };
  }

  private async find(em: EntityManager, id: string, lock = false): Promise<VirementRow | null> {
    const rows: VirementRow[] = await em.query(`${SELECT} ${lock ? 'FOR UPDATE OF v' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** The year FOR SHARE (open or planning), then both lines FOR UPDATE in code order, as every writer does. */
  private async lockLines(em: EntityManager, year: number, fromCode: string, toCode: string): Promise<[LineRow, LineRow]> {
    const years: { status: string }[] = await em.query(`SELECT status FROM fiscal_year WHERE year = $1 FOR SHARE`, [year]);
    const status = years[0]?.status;
    if (!status) throw new UnknownFiscalYearError(year, 'year');
    if (status === 'closed') throw new FiscalYearClosedError(year, 'year');
    if (status === 'closing') throw new FiscalYearNotOpenError(year, status, 'year');
    const lines: LineRow[] = await em.query(
      `SELECT id, code, final_cents, committed_cents, spent_cents FROM budget_line WHERE fiscal_year = $1 AND code = ANY($2::varchar[]) ORDER BY code FOR UPDATE`,
      [year, [fromCode, toCode]],
    );
    const from = lines.find((l) => l.code === fromCode);
    const to = lines.find((l) => l.code === toCode);
    if (!from) throw new UnknownLineError(fromCode, year, 'fromLineCode');
    if (!to) throw new UnknownLineError(toCode, year, 'toLineCode');
    return [from, to];
  }

  private async move(em: EntityManager, from: LineRow, to: LineRow, amount: bigint): Promise<void> {
    await em.query(`UPDATE budget_line SET final_cents = final_cents - $2 WHERE id = $1`, [from.id, amount.toString()]);
    await em.query(`UPDATE budget_line SET final_cents = final_cents + $2 WHERE id = $1`, [to.id, amount.toString()]);
  }
}

function assertAvailable(line: LineRow, amount: bigint): void {
  const available = BigInt(line.final_cents) - BigInt(line.committed_cents) - BigInt(line.spent_cents);
  if (amount > available) throw new InsufficientFundsError(line.code, amount, available, 'amountCents');
}
