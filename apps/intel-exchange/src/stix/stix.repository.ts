import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { visibilityPredicate } from '../domain/access-policy';
import type { PolicyCaller } from '../domain/access-policy';
import type { PersonalData, StoredReport } from '../domain/report.types';
import { ReportPersonalDataEntity } from '../reports/report-personal-data.entity';
import { ReportVersionEntity } from '../reports/report-version.entity';
import { ReportEntity } from '../reports/report.entity';

/** The SQL the STIX export needs; every query runs in the caller's transaction (`em`). */
@Injectable()
export class StixRepository {
  /** Ids of the operation's unpurged reports the caller may see, filtered in the database (oldest detection first). */
  async visibleReportIdsOfOperation(em: EntityManager, caller: PolicyCaller, operationId: string): Promise<string[]> {
    const visibility = visibilityPredicate(caller, 'r', 1);
    const rows: { id: string }[] = await em.query(
      `SELECT r.id FROM report r WHERE ${visibility.sql} AND r.purged_at IS NULL AND r.operation_id = $${visibility.params.length + 1}
        ORDER BY r.detected_at, r.id LIMIT 1000`,
      [...visibility.params, operationId],
    );
    return rows.map((r) => r.id);
  }

  report(em: EntityManager, id: string): Promise<ReportEntity> {
    return em.findOneByOrFail(ReportEntity, { id });
  }

  currentVersion(em: EntityManager, row: ReportEntity): Promise<ReportVersionEntity> {
    return em.findOneByOrFail(ReportVersionEntity, { reportId: row.id, version: row.currentVersion });
  }

  async personalData(em: EntityManager, reportId: string, version: number): Promise<PersonalData | undefined> {
    const row = await em.findOneBy(ReportPersonalDataEntity, { reportId, version });
    return row?.personalData;
  }
}

/** A report version as the mapping sees it: `createdAt` is the first submission, `versionCreatedAt` this version's. */
export function storedReportOf(row: ReportEntity, version: ReportVersionEntity, personalData: PersonalData | undefined): StoredReport {
  return {
    ...version.content,
    ...(personalData ? { personalData } : {}),
    id: row.id,
    version: version.version,
    originatorMember: row.originatorMember,
    submittedBy: version.submittedBy,
    createdAt: row.createdAt.toISOString(),
    versionCreatedAt: version.createdAt.toISOString(),
  };
}
