import { Injectable } from '@nestjs/common';
import { BadRequestError } from '@wco/http';
import { DataSource, EntityManager } from 'typeorm';
import { canExport, canSeePersonalData, visibilityPredicate } from '../domain/access-policy';
import { validateReport } from '../reports/dto/report-submission.dto';
import type { PersonalData, StoredReport } from '../domain/report.types';
import { FeedbackEntity } from '../feedback/feedback.entity';
import { OperationsService } from '../operations/operations.service';
import type { Principal } from '@wco/auth';
import { AccessReceiptsService } from '../receipts/access-receipts.service';
import { accessFactsOf } from '../reports/report-access';
import { ReportPersonalDataEntity } from '../reports/report-personal-data.entity';
import { ReportVersionEntity } from '../reports/report-version.entity';
import { ReportEntity } from '../reports/report.entity';
import { ExportForbiddenError } from '../reports/reports.errors';
import { ReportVersionsService } from '../reports/report-versions.service';
import { exportOperation, exportReport, importReportDraft, StixBundle, StixImportError } from '../stix/report-stix';
import type { ReportFeedback } from '../stix/report-stix';

export interface StixImportResult {
  /** The report draft in submission shape; nothing is stored. */
  draft: Record<string, unknown>;
  /** What the bundle did not provide or could not be mapped. */
  warnings: string[];
  /** What the analyst must still fix before submitting the draft. */
  errors: { field: string; reason: string }[];
}

@Injectable()
export class StixExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportVersionsService,
    private readonly operations: OperationsService,
    private readonly receipts: AccessReceiptsService,
  ) {}

  async exportReport(caller: Principal, id: string): Promise<StixBundle> {
    return this.dataSource.transaction(async (em) => {
      const read = await this.reports.readForExport(caller, id, em);
      const { visible } = read;
      if (!canExport(caller, visible.facts, visible.operation)) throw new ExportForbiddenError(id, visible.row.tlp);
      const stored = storedReportOf(visible.row, read.version, read.personalData);
      const bundle = exportReport(stored, { includePersonalData: !!read.personalData, feedback: await this.feedbackOf(em, [id]) });
      await this.receipts.record(em, caller, [{ reportId: id, version: read.version.version }], 'export');
      return bundle;
    });
  }

  /** The operation with the reports the caller may both see and export; each exported report gets a receipt. */
  async exportOperation(caller: Principal, operationId: string): Promise<StixBundle> {
    const operation = await this.operations.get(caller, operationId);
    return this.dataSource.transaction(async (em) => {
      const policyCaller = caller;
      const visibility = visibilityPredicate(policyCaller, 'r', 1);
      const ids: { id: string }[] = await em.query(
        `SELECT r.id FROM report r WHERE ${visibility.sql} AND r.purged_at IS NULL AND r.operation_id = $${visibility.params.length + 1}
          ORDER BY r.detected_at, r.id LIMIT 1000`,
        [...visibility.params, operationId],
      );
      const facts = await this.operations.accessFacts(em, operationId);
      const included: { report: StoredReport; includePersonalData: boolean }[] = [];
      for (const { id } of ids) {
        const row = await em.findOneByOrFail(ReportEntity, { id });
        const reportFacts = accessFactsOf(row);
        if (!canExport(policyCaller, reportFacts, facts)) continue;
        const version = await em.findOneByOrFail(ReportVersionEntity, { reportId: id, version: row.currentVersion });
        const personal = canSeePersonalData(policyCaller, reportFacts, facts)
          ? await em.findOneBy(ReportPersonalDataEntity, { reportId: id, version: row.currentVersion })
          : null;
        included.push({ report: storedReportOf(row, version, personal?.personalData), includePersonalData: !!personal });
      }
      const bundle = exportOperation(
        {
          id: operation.id,
          name: operation.name,
          coordinatorMember: operation.coordinatorMember,
          participantMembers: operation.participants,
          state: operation.state,
          commodityFocus: operation.commodityFocus as StoredReport['goods'][number]['commodityCategory'][],
          startsOn: operation.startsOn,
          endsOn: operation.endsOn,
          createdAt: operation.createdAt,
          updatedAt: operation.updatedAt,
        },
        included,
      );
      await this.receipts.record(em, caller, included.map((r) => ({ reportId: r.report.id, version: r.report.version })), 'export');
      return bundle;
    });
  }

  importDraft(bundle: unknown, stixReportId?: string): StixImportResult {
    try {
      const { draft, warnings } = importReportDraft(bundle, stixReportId);
      const checked = validateReport(draft);
      return { draft, warnings, errors: checked.ok ? [] : checked.errors };
    } catch (error) {
      if (error instanceof StixImportError) throw new BadRequestError(error.message, { code: 'stix_import_invalid' });
      throw error;
    }
  }

  private async feedbackOf(em: EntityManager, reportIds: string[]): Promise<ReportFeedback[]> {
    const rows = await em.getRepository(FeedbackEntity).createQueryBuilder('f').where('f.report_id IN (:...reportIds)', { reportIds }).getMany();
    return rows.map((f) => ({ id: f.id, kind: f.outcome, ...(f.subject ? { member: f.member } : {}), at: f.createdAt.toISOString() }));
  }
}

function storedReportOf(row: ReportEntity, version: ReportVersionEntity, personalData: PersonalData | undefined): StoredReport {
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
