import { Injectable } from '@nestjs/common';
import { present } from '../common/present';
import type { Principal } from '@wco/auth';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { requestHash, requireSecretariatFinanceOfficer } from '../access/finance-access';
import { AuditLogService } from '../audit-log/audit-log.service';
import { BudgetAuditEvents } from '../events/budget-audit-events';
import { centsText } from '../money/cents';
import { BudgetRepository, BudgetLineRow, FiscalYearRow, FiscalYearStatus, VersionRow } from './budget.repository';
import {
  BudgetVersionNotFoundError,
  DuplicateLineError,
  FiscalYearNotFoundError,
  IdReusedError,
  InvalidTransitionError,
  RevisionBelowCommitmentsError,
} from './budget.errors';
import { BudgetVsActualLineView, BudgetVsActualView, BudgetVersionView, CreateBudgetVersionDto, FiscalYearView } from './dto/budget.dto';

/** Which state a fiscal year may move to from which (planning → open → closing → closed). */
const NEXT_STATUS: Record<Exclude<FiscalYearStatus, 'planning'>, FiscalYearStatus> = {
  open: 'planning',
  closing: 'open',
  closed: 'closing',
};

@Injectable()
export class BudgetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budget: BudgetRepository,
    private readonly audit: AuditLogService,
    private readonly events: BudgetAuditEvents,
  ) {}

  /** A year is created in planning; creating it again is the same answer (the year is its own id). */
  async createYear(caller: Principal, year: number): Promise<{ view: FiscalYearView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const created = await this.dataSource.transaction(async (em) => {
      const inserted = await this.budget.insertYear(em, year, caller.subject);
      if (inserted)
        await this.audit.append(em, [{ kind: 'fiscal_year.created', aggregateId: String(year), payload: { year, status: 'planning' } }]);
      return inserted;
    });
    return { view: await this.getYear(year), created };
  }

  async getYear(year: number): Promise<FiscalYearView> {
    const row = await this.budget.findYear(year);
    if (!row) throw new FiscalYearNotFoundError(year);
    return yearView(row);
  }

  async listYears(): Promise<FiscalYearView[]> {
    return (await this.budget.listYears()).map(yearView);
  }

  /**
   * Moves a year one step on. Opening needs an accepted budget; closing expires the year's pending commitments
   * (their amounts return to the lines, and a mission's reservation is answered with funding.released). Asking
   * for the state the year is already in answers with the year as it is: a retry changes nothing.
   */
  async transition(caller: Principal, year: number, to: Exclude<FiscalYearStatus, 'planning'>): Promise<FiscalYearView> {
    requireSecretariatFinanceOfficer(caller);
    await this.dataSource.transaction(async (em) => {
      const row = await this.budget.findYear(year, em, true);
      if (!row) throw new FiscalYearNotFoundError(year);
      if (row.status === to) return;
      if (row.status !== NEXT_STATUS[to]) throw new InvalidTransitionError(`fiscal year ${year}`, row.status, to);
      if (to === 'open' && !row.accepted_version_id) {
        throw new InvalidTransitionError(`fiscal year ${year} (no accepted budget version)`, row.status, to);
      }
      const records = [];
      if (to === 'closed') {
        await this.budget.lockYearLines(em, year);
        for (const c of await this.budget.expirePendingCommitments(em, year)) {
          records.push({
            kind: 'commitment.expired',
            aggregateId: c.id,
            payload: { commitmentId: c.id, fiscalYear: year, lineCode: c.line_code, releasedCents: centsText(c.amount_cents) },
          });
          if (c.mission_id)
            await this.events.fundingReleased(em, { missionId: c.mission_id, commitmentId: c.id, releasedCents: Number(c.amount_cents) });
        }
      }
      await this.budget.setYearStatus(em, year, to);
      records.push({ kind: `fiscal_year.${to}`, aggregateId: String(year), payload: { year, from: row.status, to } });
      await this.audit.append(em, records);
    });
    return this.getYear(year);
  }

  /** A draft version with all its lines, numbered in its year. Same id + same body → the same version. */
  async createVersion(
    caller: Principal,
    year: number,
    dto: CreateBudgetVersionDto,
  ): Promise<{ view: BudgetVersionView; created: boolean }> {
    requireSecretariatFinanceOfficer(caller);
    const hash = requestHash({ year, ...dto });
    const seen = new Map<string, number>();
    dto.lines.forEach((l, i) => {
      if (seen.has(l.code)) throw new DuplicateLineError(l.code, i);
      seen.set(l.code, i);
    });
    const created = await this.dataSource.transaction(async (em) => {
      const existing = await this.budget.findVersion(dto.id, em);
      if (existing) return this.sameRequest(existing, hash);
      const fy = await this.budget.findYear(year, em, true);
      if (!fy) throw new FiscalYearNotFoundError(year);
      if (fy.status === 'closing' || fy.status === 'closed')
        throw new InvalidTransitionError(`fiscal year ${year}`, fy.status, 'budgeted again');
      const number = await this.budget.insertVersion(em, { id: dto.id, year, title: dto.title, hash, createdBy: caller.subject });
      // Another transaction created the same id between our read and our insert: judge its body.
      if (number === null) return this.sameRequest(present(await this.budget.findVersion(dto.id, em), 'budget version'), hash);
      await this.budget.insertVersionLines(em, dto.id, dto.lines);
      await this.audit.append(em, [
        {
          kind: 'budget.version.created',
          aggregateId: dto.id,
          payload: {
            versionId: dto.id,
            fiscalYear: year,
            number,
            title: dto.title,
            lines: dto.lines.map((l) => ({ code: l.code, programme: l.programme, appropriationCents: l.appropriationCents.toString() })),
          },
        },
      ]);
      return true;
    });
    return { view: await this.getVersion(dto.id), created };
  }

  async getVersion(id: string): Promise<BudgetVersionView> {
    const row = await this.budget.findVersion(id);
    if (!row) throw new BudgetVersionNotFoundError(id);
    return versionView(row, await this.budget.versionLines(id));
  }

  async listVersions(year: number): Promise<BudgetVersionView[]> {
    await this.getYear(year);
    const rows = await this.budget.listVersions(year);
    return Promise.all(rows.map(async (r) => versionView(r, await this.budget.versionLines(r.id))));
  }

  async submit(caller: Principal, id: string): Promise<BudgetVersionView> {
    requireSecretariatFinanceOfficer(caller);
    await this.dataSource.transaction(async (em) => {
      const v = await this.budget.findVersion(id, em, true);
      if (!v) throw new BudgetVersionNotFoundError(id);
      if (v.status === 'submitted') return;
      if (v.status !== 'draft') throw new InvalidTransitionError(`budget version ${id}`, v.status, 'submitted');
      await this.budget.setVersionStatus(em, id, 'submitted', caller.subject);
      await this.audit.append(em, [
        { kind: 'budget.version.submitted', aggregateId: id, payload: { versionId: id, fiscalYear: v.fiscal_year, number: v.number } },
      ]);
    });
    return this.getVersion(id);
  }

  /**
   * The Finance Committee adopts a submitted version (the role guard admits only finance-committee here). It
   * supersedes the version in force, which stays readable, and restates every line of the year: a line's final
   * budget becomes the version's appropriation (0 for a line the version drops), its original budget is that of the
   * first accepted version. A line may not drop below what is already committed or spent on it.
   */
  async accept(caller: Principal, id: string): Promise<BudgetVersionView> {
    await this.dataSource.transaction(async (em) => {
      const v = await this.budget.findVersion(id, em);
      if (!v) throw new BudgetVersionNotFoundError(id);
      const fy = present(await this.budget.findYear(v.fiscal_year, em, true), 'fiscal year');
      const current = present(await this.budget.findVersion(id, em, true), 'budget version');
      if (current.status === 'accepted') return;
      if (current.status !== 'submitted') throw new InvalidTransitionError(`budget version ${id}`, current.status, 'accepted');
      if (fy.status === 'closing' || fy.status === 'closed')
        throw new InvalidTransitionError(`fiscal year ${fy.year}`, fy.status, 'budgeted again');
      const first =
        fy.accepted_version_id === null && !(await this.budget.listVersions(fy.year, em)).some((x) => x.status === 'superseded');
      const lines = await this.budget.versionLines(id, em);
      const existing = new Map((await this.budget.lockYearLines(em, fy.year)).map((l) => [l.code, l]));
      for (const l of lines) {
        const line = existing.get(l.code);
        if (line) {
          assertCovers(line, BigInt(l.appropriation_cents));
          await this.budget.updateLineAppropriation(em, line.id, l.title, l.programme, l.appropriation_cents);
          existing.delete(l.code);
        } else {
          const [chapter, article, ln] = l.code.split('.');
          await this.budget.insertLine(em, {
            id: randomUUID(),
            fiscal_year: fy.year,
            code: l.code,
            chapter,
            article,
            line: ln,
            title: l.title,
            programme: l.programme,
            original_cents: first ? l.appropriation_cents : '0',
            final_cents: l.appropriation_cents,
          });
        }
      }
      for (const dropped of existing.values()) {
        assertCovers(dropped, 0n);
        await this.budget.updateLineAppropriation(em, dropped.id, dropped.title, dropped.programme, '0');
      }
      const records = [];
      if (fy.accepted_version_id) {
        await this.budget.setVersionStatus(em, fy.accepted_version_id, 'superseded', caller.subject, id);
        records.push({
          kind: 'budget.version.superseded',
          aggregateId: fy.accepted_version_id,
          payload: { versionId: fy.accepted_version_id, fiscalYear: fy.year, supersededBy: id },
        });
      }
      await this.budget.setVersionStatus(em, id, 'accepted', caller.subject);
      records.push({
        kind: 'budget.version.accepted',
        aggregateId: id,
        payload: {
          versionId: id,
          fiscalYear: fy.year,
          number: v.number,
          original: first,
          supersedes: fy.accepted_version_id,
          lines: [
            ...lines.map((l) => ({ code: l.code, programme: l.programme, appropriationCents: centsText(l.appropriation_cents) })),
            ...[...existing.values()].map((l) => ({ code: l.code, programme: l.programme, appropriationCents: '0' })),
          ],
        },
      });
      await this.audit.append(em, records);
    });
    return this.getVersion(id);
  }

  async budgetVsActual(year: number): Promise<BudgetVsActualView> {
    const fy = await this.getYear(year);
    const lines = (await this.budget.yearLines(year)).map(lineFigures);
    const sum = (k: keyof BudgetVsActualLineView): string => lines.reduce((s, l) => s + BigInt(l[k]), 0n).toString();
    const total: BudgetVsActualLineView = {
      code: '',
      chapter: '',
      article: '',
      line: '',
      title: 'Total',
      programme: '',
      originalCents: sum('originalCents'),
      finalCents: sum('finalCents'),
      committedCents: sum('committedCents'),
      obligatedCents: sum('obligatedCents'),
      spentCents: sum('spentCents'),
      availableCents: sum('availableCents'),
      differenceCents: sum('differenceCents'),
    };
    return { fiscalYear: year, status: fy.status, lines, total };
  }

  private sameRequest(existing: VersionRow, hash: string): false {
    if (existing.request_hash !== hash) throw new IdReusedError('budget version', existing.id);
    return false;
  }
}

function assertCovers(line: BudgetLineRow, finalCents: bigint): void {
  const used = BigInt(line.committed_cents) + BigInt(line.spent_cents);
  if (finalCents < used) throw new RevisionBelowCommitmentsError(line.code, finalCents, used);
}

function lineFigures(l: BudgetLineRow): BudgetVsActualLineView {
  const final = BigInt(l.final_cents);
  const committed = BigInt(l.committed_cents);
  const spent = BigInt(l.spent_cents);
  return {
    code: l.code,
    chapter: l.chapter,
    article: l.article,
    line: l.line,
    title: l.title,
    programme: l.programme,
    originalCents: centsText(l.original_cents),
    finalCents: final.toString(),
    committedCents: committed.toString(),
    obligatedCents: centsText(l.obligated_cents),
    spentCents: spent.toString(),
    availableCents: (final - committed - spent).toString(),
    differenceCents: (final - spent).toString(),
  };
}

function yearView(row: FiscalYearRow): FiscalYearView {
  return { year: row.year, status: row.status, acceptedVersionId: row.accepted_version_id };
}

function versionView(
  row: VersionRow,
  lines: { code: string; title: string; programme: string; appropriation_cents: string }[],
): BudgetVersionView {
  return {
    id: row.id,
    fiscalYear: row.fiscal_year,
    number: row.number,
    title: row.title,
    status: row.status,
    supersededBy: row.superseded_by,
    totalCents: lines.reduce((s, l) => s + BigInt(l.appropriation_cents), 0n).toString(),
    lines: lines.map((l) => ({
      code: l.code,
      title: l.title,
      programme: l.programme,
      appropriationCents: centsText(l.appropriation_cents),
    })),
    createdAt: row.created_at.toISOString(),
  };
}

/** For CSV: the figures of the report as rows, header first. */
export function budgetVsActualCsv(report: BudgetVsActualView): string {
  const columns: (keyof BudgetVsActualLineView)[] = [
    'code',
    'chapter',
    'article',
    'line',
    'title',
    'programme',
    'originalCents',
    'finalCents',
    'committedCents',
    'obligatedCents',
    'spentCents',
    'availableCents',
    'differenceCents',
  ];
  // Text cells that a spreadsheet would run as a formula get a leading quote; amounts (digits, maybe a minus) stay as they are.
  const cell = (v: string): string =>
    /^-?[0-9]+$/.test(v) ? v : /[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replace(/^([=+\-@])/, "'$1").replaceAll('"', '""')}"` : v;
  return (
    [columns.join(','), ...[...report.lines, report.total].map((l) => columns.map((c) => cell(String(l[c]))).join(','))].join('\r\n') +
    '\r\n'
  );
}
