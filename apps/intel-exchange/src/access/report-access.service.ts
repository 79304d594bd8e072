import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import type { EntityManager } from 'typeorm';
import { canExport, canSeePersonalData, canSeeReport, visibilityPredicate } from '../domain/access-policy';
import { receiptScope } from '../domain/receipts-policy';
import type { ReceiptScope } from '../domain/receipts-policy';
import type { ReportAccessFacts, SqlFragment } from '../domain/access-policy';
import type { OperationAccessFacts } from '../domain/report.types';
import { accessFactsOf, memberAnalyst } from '../reports/report-access';
import type { ReportEntity } from '../reports/report.entity';
import { AnalystRoleRequiredError, ExportForbiddenError, ReportNotFoundError } from '../reports/reports.errors';
import { ReportAccessRepository } from './report-access.repository';

/** Most reports one operation bundle carries (STIX export of an operation). */
export const OPERATION_EXPORT_LIMIT = 1000;

export interface VisibleReport {
  row: ReportEntity;
  facts: ReportAccessFacts;
  operation?: OperationAccessFacts;
  /** For `list_receipts`: which receipts the caller may list (domain/receipts-policy.ts). */
  receiptScope?: Exclude<ReceiptScope, 'none'>;
}

/**
 * What a caller does with one report. `read`: detail, versions, corrections, feedback (and any write that starts
 * from what the caller sees); `export`: a bundle that leaves the platform; `list_receipts`: who read it.
 */
export type ReportAction = 'read' | 'export' | 'list_receipts';

/**
 * The access gate of reports (immich's `requireAccess`): every read of a report goes through it, and it answers
 * from domain/access-policy.ts (and receipts-policy.ts for receipts) only. A report the caller may not see is
 * ReportNotFoundError, exactly as one that does not exist; so are receipts the caller may not list. An export refused
 * on a report the caller does see is 403 export_forbidden.
 */
@Injectable()
export class ReportAccessService {
  constructor(private readonly repository: ReportAccessRepository) {}

  /** The report for `action`, or the error the policy gives; `lock` when a write of the report follows. */
  async requireAccess(
    em: EntityManager,
    caller: Principal,
    action: ReportAction,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<VisibleReport> {
    const row = await this.repository.findReport(em, id, options.lock);
    if (!row) throw new ReportNotFoundError(id);
    const operation = row.operationId ? await this.repository.operationFacts(em, row.operationId) : undefined;
    const visible: VisibleReport = { row, facts: accessFactsOf(row), operation };
    // Receipts are not content: whoever may list them needs no right to see the report itself (WCO auditors).
    if (action === 'list_receipts') {
      const scope = receiptScope(caller, visible.facts, operation);
      if (scope === 'none') throw new ReportNotFoundError(id);
      return { ...visible, receiptScope: scope };
    }
    if (!canSeeReport(caller, visible.facts, operation)) throw new ReportNotFoundError(id);
    if (action === 'export' && !canExport(caller, visible.facts, operation)) throw new ExportForbiddenError(id, row.tlp);
    return visible;
  }

  /**
   * The operation's reports the caller may export, each with whether its personal-data section goes with it: the
   * list filter in the database, then the decision of requireAccess(…, 'export') on every row, with the operation's
   * facts read once. Reports the caller sees but may not export are left out (a bundle of the operation is not an
   * export of each of them; asking for one alone still answers 403).
   */
  async exportableOfOperation(
    em: EntityManager,
    caller: Principal,
    operationId: string,
  ): Promise<(VisibleReport & { personalData: boolean })[]> {
    const operation = await this.repository.operationFacts(em, operationId);
    if (!operation) return [];
    const rows = await this.repository.findOperationReports(em, this.listFilter(caller, 'r', 1), operationId, OPERATION_EXPORT_LIMIT);
    return rows.flatMap((row) => {
      const facts = accessFactsOf(row);
      if (!canSeeReport(caller, facts, operation) || !canExport(caller, facts, operation)) return [];
      return [{ row, facts, operation, personalData: canSeePersonalData(caller, facts, operation) }];
    });
  }

  /** Whether the reader of `visible` also gets its personal-data section. */
  maySeePersonalData(caller: Principal, visible: VisibleReport): boolean {
    return canSeePersonalData(caller, visible.facts, visible.operation);
  }

  /** The visibility rules as a SQL condition on the `report` table, for lists filtered in the database. */
  listFilter(caller: Principal, alias: string, firstParam: number): SqlFragment {
    return visibilityPredicate(caller, alias, firstParam);
  }

  /**
   * The role each listed report is read through (receipts-policy.ts readingRole), as a SQL expression over the same
   * `report` alias and the list filter's parameter $firstParam (the caller's Member); no other parameter.
   */
  readingRoleSql(caller: Principal, alias: string, firstParam: number): string {
    const analyst = caller.roles.includes('member-analyst');
    if (!analyst || !caller.roles.includes('operation-coordinator')) return analyst ? `'member-analyst'` : `'operation-coordinator'`;
    const asAnalyst = visibilityPredicate({ member: caller.member, roles: ['member-analyst'] }, alias, firstParam);
    return `CASE WHEN ${asAnalyst.sql} THEN 'member-analyst' ELSE 'operation-coordinator' END`;
  }

  /**
   * The reports of `ids` with, for each, whether the Member itself (as its analysts) may see it now: what a match
   * may say about the other side.
   */
  async visibleToMember(
    em: EntityManager,
    member: string,
    ids: readonly string[],
  ): Promise<Map<string, { row: ReportEntity; visible: boolean }>> {
    const rows = await this.repository.findReports(em, ids);
    const operations = new Map<string, OperationAccessFacts | undefined>();
    for (const r of rows) {
      if (r.operationId && !operations.has(r.operationId))
        operations.set(r.operationId, await this.repository.operationFacts(em, r.operationId));
    }
    const analyst = memberAnalyst(member);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          row: r,
          visible: !r.purgedAt && canSeeReport(analyst, accessFactsOf(r), r.operationId ? operations.get(r.operationId) : undefined),
        },
      ]),
    );
  }
}

export function requireAnalyst(caller: Principal): void {
  if (!caller.roles.includes('member-analyst')) throw new AnalystRoleRequiredError();
}
