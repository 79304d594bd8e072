import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import type { EntityManager } from 'typeorm';
import { canSeeReport } from '../domain/access-policy';
import type { ReportAccessFacts } from '../domain/access-policy';
import type { OperationAccessFacts } from '../domain/report.types';
import { OperationsService } from '../operations/operations.service';
import { accessFactsOf } from '../reports/report-access';
import { ReportEntity } from '../reports/report.entity';
import { AnalystRoleRequiredError, ReportNotFoundError } from '../reports/reports.errors';

export interface VisibleReport {
  row: ReportEntity;
  facts: ReportAccessFacts;
  operation?: OperationAccessFacts;
}

/** The access gate of reports: every read of a report asks it (domain/access-policy.ts decides). */
@Injectable()
export class ReportAccessService {
  constructor(private readonly operations: OperationsService) {}

  /** Loads a report the caller may see, or answers 404 as if it did not exist. */
  async loadVisible(em: EntityManager, caller: Principal, id: string, lock = false): Promise<VisibleReport> {
    const qb = em.getRepository(ReportEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw new ReportNotFoundError(id);
    const operation = row.operationId ? await this.operations.accessFacts(em, row.operationId) : undefined;
    const facts = accessFactsOf(row);
    if (!canSeeReport(caller, facts, operation)) throw new ReportNotFoundError(id);
    return { row, facts, operation };
  }
}

export function requireAnalyst(caller: Principal): void {
  if (!caller.roles.includes('member-analyst')) throw new AnalystRoleRequiredError();
}

