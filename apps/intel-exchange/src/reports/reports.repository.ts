import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decodeTimeIdCursor } from '@wco/http';
import type { SqlFragment } from '../domain/access-policy';
import type { PersonalData } from '../domain/report.types';
import type { ListReportsQueryDto } from './dto/list-reports.query';
import { ReportCorrectionEntity } from './report-correction.entity';
import { ReportPersonalDataEntity } from './report-personal-data.entity';
import type { ReportFilterColumns } from './report-projection';
import { ReportContent, ReportVersionEntity } from './report-version.entity';
import { ReportEntity } from './report.entity';

/** A row of the list query: the projection columns a view needs and the current version. */
export interface ListedRow {
  report_id: string;
  report_version: number;
  read_order: string;
  originator_member: string;
  tlp: string;
  operation_id: string | null;
  accessor_role: string;
  created_at: Date;
  detected_at: Date;
  content: ReportContent;
  version_created_at: Date;
  submitted_by: string;
}

/** The SQL of the reports feature: reports, their versions, personal-data sections and corrections. */
@Injectable()
export class ReportsRepository {
  /**
   * A new report's row, its version 1 and its personal-data section in one statement (the hot path of a submission;
   * the foreign keys are checked at the end of the statement, when all three rows exist).
   */
  async insertFirstVersion(
    em: EntityManager,
    row: ReportEntity,
    content: ReportContent,
    personalData: PersonalData | undefined,
  ): Promise<void> {
    await em.query(
      `WITH report_row AS (
         INSERT INTO report (id, current_version, originator_member, submitted_by, type, commodity_categories, hs_codes, hs_chapters,
                             hs_headings, detected_at, route_countries, concealment, detection, tlp, distribution_level,
                             distribution_members, operation_id, personal_data_released_to, retention_until, created_at, updated_at)
         VALUES ($1, 1, $2, $3, $4, $5::text[], $6::text[], $7::text[], $8::text[], $9, $10::text[], $11, $12, $13, $14, $15::text[], $16,
                 $17::text[], $18, $19, $19)
       ),
       personal AS (
         INSERT INTO restricted.report_personal_data (report_id, version, personal_data) SELECT $1, 1, $21::jsonb WHERE $21::jsonb IS NOT NULL
       )
       INSERT INTO report_version (report_id, version, content, submitted_by, created_at) VALUES ($1, 1, $20::jsonb, $3, $19)`,
      [
        row.id,
        row.originatorMember,
        row.submittedBy,
        row.type,
        row.commodityCategories,
        row.hsCodes,
        row.hsChapters,
        row.hsHeadings,
        row.detectedAt,
        row.routeCountries,
        row.concealment,
        row.detection,
        row.tlp,
        row.distributionLevel,
        row.distributionMembers,
        row.operationId,
        row.personalDataReleasedTo,
        row.retentionUntil,
        row.createdAt,
        JSON.stringify(content),
        personalData ? JSON.stringify(personalData) : null,
      ],
    );
  }

  /** Version n+1 of an existing report, its personal-data section, and the report row re-projected onto it. */
  async insertNextVersion(
    em: EntityManager,
    version: Pick<ReportVersionEntity, 'reportId' | 'version' | 'content' | 'submittedBy' | 'createdAt' | 'correctionId'>,
    personalData: PersonalData | undefined,
    projection: ReportFilterColumns,
  ): Promise<void> {
    await em.insert(ReportVersionEntity, version);
    if (personalData) await em.insert(ReportPersonalDataEntity, { reportId: version.reportId, version: version.version, personalData });
    await em.update(
      ReportEntity,
      { id: version.reportId },
      { ...projection, currentVersion: version.version, updatedAt: version.createdAt },
    );
  }

  findVersion(em: EntityManager, reportId: string, version: number): Promise<ReportVersionEntity | null> {
    return em.findOne(ReportVersionEntity, { where: { reportId, version } });
  }

  findPersonalData(em: EntityManager, reportId: string, version: number): Promise<ReportPersonalDataEntity | null> {
    return em.findOne(ReportPersonalDataEntity, { where: { reportId, version } });
  }

  listVersions(em: EntityManager, reportId: string): Promise<ReportVersionEntity[]> {
    return em.getRepository(ReportVersionEntity).find({ where: { reportId }, order: { version: 'ASC' } });
  }

  /**
   * The list page as one read (see AccessReceiptsService.readAndRecord): the reports passing `visibility` and the
   * filters, newest detection first, after the cursor, one row more than the page to know whether another follows.
   */
  listQuery(visibility: SqlFragment, readingRoleSql: string, q: ListReportsQueryDto): { sql: string; params: unknown[] } {
    const params: unknown[] = [...visibility.params];
    const where: string[] = [visibility.sql, 'r.purged_at IS NULL'];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.operationId) add((p) => `r.operation_id = ${p}`, q.operationId);
    if (q.type) add((p) => `r.type = ${p}`, q.type);
    if (q.commodity) add((p) => `r.commodity_categories @> ARRAY[${p}]::text[]`, q.commodity);
    if (q.hsChapter) add((p) => `r.hs_chapters @> ARRAY[${p}]::text[]`, q.hsChapter);
    if (q.hsHeading) add((p) => `r.hs_headings @> ARRAY[${p}]::text[]`, q.hsHeading);
    if (q.detectedFrom) add((p) => `r.detected_at >= ${p}::timestamptz`, q.detectedFrom);
    if (q.detectedTo) add((p) => `r.detected_at < ${p}::timestamptz`, q.detectedTo);
    if (q.routeCountry) add((p) => `r.route_countries @> ARRAY[${p}]::text[]`, q.routeCountry);
    if (q.concealment) add((p) => `r.concealment = ${p}`, q.concealment);
    if (q.detection) add((p) => `r.detection = ${p}`, q.detection);
    if (q.cursor) {
      const [at, lastId] = decodeTimeIdCursor(q.cursor);
      params.push(at, lastId);
      where.push(`(r.detected_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    // The page (one row more, to know whether another page follows) is chosen on the report table alone; only its
    // rows are joined to their current version. The receipts of the shown rows are written by the same statement.
    const sql = `SELECT page.id AS report_id, page.current_version AS report_version, page.originator_member, page.created_at,
                        page.detected_at, row_number() OVER (ORDER BY page.detected_at DESC, page.id DESC) AS read_order,
                        page.tlp, page.operation_id, page.accessor_role,
                        v.content, v.created_at AS version_created_at, v.submitted_by
                   FROM (SELECT r.id, r.current_version, r.originator_member, r.created_at, r.detected_at, r.tlp, r.operation_id,
                                ${readingRoleSql} AS accessor_role
                           FROM report r WHERE ${where.join(' AND ')}
                          ORDER BY r.detected_at DESC, r.id DESC LIMIT $${params.length}) page
                   JOIN report_version v ON v.report_id = page.id AND v.version = page.current_version`;

    return { sql, params };
  }

  async insertCorrection(em: EntityManager, correction: ReportCorrectionEntity): Promise<void> {
    await em.insert(ReportCorrectionEntity, correction);
  }

  /** The report's corrections, oldest first; only those proposed by `proposedByMember` when given. */
  listCorrections(em: EntityManager, reportId: string, proposedByMember?: string): Promise<ReportCorrectionEntity[]> {
    return em.getRepository(ReportCorrectionEntity).find({
      where: proposedByMember ? { reportId, proposedByMember } : { reportId },
      order: { createdAt: 'ASC' },
    });
  }

  findCorrectionForUpdate(em: EntityManager, reportId: string, correctionId: string): Promise<ReportCorrectionEntity | null> {
    return em
      .getRepository(ReportCorrectionEntity)
      .createQueryBuilder('c')
      .where('c.id = :correctionId AND c.report_id = :id', { correctionId, id: reportId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async updateDecision(
    em: EntityManager,
    c: Pick<ReportCorrectionEntity, 'id' | 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason' | 'resultingVersion'>,
  ): Promise<void> {
    await em.update(
      ReportCorrectionEntity,
      { id: c.id },
      {
        status: c.status,
        decidedAt: c.decidedAt,
        decidedBy: c.decidedBy,
        decisionReason: c.decisionReason,
        resultingVersion: c.resultingVersion,
      },
    );
  }
}
