import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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

  operationFacts(em: EntityManager, id: string): Promise<OperationAccessFacts | undefined> {
    return this.operations.accessFacts(em, id);
  }
}
