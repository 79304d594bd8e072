import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlFragment } from '../domain/access-policy';
import type { OperationAccessFacts } from '../domain/report.types';
import { OperationsService } from '../operations/operations.service';
import { ReportEntity } from '../reports/report.entity';

/** The rows the access gate decides on: reports and the facts of their operations. */
@Injectable()
export class ReportAccessRepository {
  constructor(private readonly operations: OperationsService) {}

  /** One report, locked for update when the read precedes a write of it. */
  async findReport(em: EntityManager, id: string, lock = false): Promise<ReportEntity | null> {
    const qb = em.getRepository(ReportEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async findReports(em: EntityManager, ids: readonly string[]): Promise<ReportEntity[]> {
    if (ids.length === 0) return [];
    return em.getRepository(ReportEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany();
  }

  /**
   * The unpurged reports of an operation that pass `filter` (the list filter of the gate), oldest detection first,
   * at most `limit`; the filter is evaluated in the database.
   */
  async findOperationReports(em: EntityManager, filter: SqlFragment, operationId: string, limit: number): Promise<ReportEntity[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT r.id FROM report r WHERE ${filter.sql} AND r.purged_at IS NULL AND r.operation_id = $${filter.params.length + 1}
        ORDER BY r.detected_at, r.id LIMIT $${filter.params.length + 2}`,
      [...filter.params, operationId, limit],
    );
    const byId = new Map(
      (
        await this.findReports(
          em,
          rows.map((r) => r.id),
        )
      ).map((r) => [r.id, r]),
    );
    return rows.flatMap((r) => byId.get(r.id) ?? []);
  }

  operationFacts(em: EntityManager, id: string): Promise<OperationAccessFacts | undefined> {
    return this.operations.accessFacts(em, id);
  }
}
