import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PersonalData, StoredReport } from '../domain/report.types';
import { ReportPersonalDataEntity } from '../reports/report-personal-data.entity';
import { ReportVersionEntity } from '../reports/report-version.entity';
import { ReportEntity } from '../reports/report.entity';

/**
 * The rows a bundle is built from, once the access gate has chosen the reports; every query runs in the caller's
 * transaction (`em`).
 */
@Injectable()
export class StixRepository {
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
