import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StoredReport } from '../domain/report.types';
import { feedbackSeenBy } from '../feedback/feedback-visibility';
import { OperationsService } from '../operations/operations.service';
import type { Principal } from '@wco/auth';
import { AccessReceiptsService } from '../receipts/access-receipts.service';
import { ReportAccessService } from '../access/report-access.service';
import type { VisibleReport } from '../access/report-access.service';
import { ReportVersionsService } from '../reports/report-versions.service';
import { exportOperation, exportReport, StixBundle } from './report-stix';
import type { ReportFeedback } from './report-stix';
import { importStixBundle, StixImportResult } from './stix-import';
import { StixSchemas, stixSchemas } from './stix-schemas';
import { storedReportOf, StixRepository } from './stix.repository';

@Injectable()
export class StixService {
  /** Compiled once, when the module starts; a missing schema folder stops the service instead of accepting anything. */
  private readonly schemas: StixSchemas = stixSchemas();

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportVersionsService,
    private readonly operations: OperationsService,
    private readonly receipts: AccessReceiptsService,
    private readonly repository: StixRepository,
    private readonly access: ReportAccessService,
  ) {}

  /** The report as a bundle; who may export it, and with its personal data or not, is the access gate's answer. */
  async exportReport(caller: Principal, id: string): Promise<StixBundle> {
    return this.dataSource.transaction(async (em) => {
      const read = await this.reports.readForExport(caller, id, em);
      const { visible } = read;
      const stored = storedReportOf(visible.row, read.version, read.personalData);
      const bundle = exportReport(stored, {
        includePersonalData: !!read.personalData,
        feedback: await this.feedbackOf(em, caller, visible),
      });
      await this.receipts.record(
        em,
        caller,
        [{ reportId: id, version: read.version.version, facts: visible.facts, operation: visible.operation }],
        'export',
      );
      return bundle;
    });
  }

  /** The operation with the reports the caller may both see and export; each exported report gets a receipt. */
  async exportOperation(caller: Principal, operationId: string): Promise<StixBundle> {
    const operation = await this.operations.get(caller, operationId);
    return this.dataSource.transaction(async (em) => {
      const included: (Pick<VisibleReport, 'facts' | 'operation'> & { report: StoredReport; includePersonalData: boolean })[] = [];
      for (const exportable of await this.access.exportableOfOperation(em, caller, operationId)) {
        const { row } = exportable;
        const version = await this.repository.currentVersion(em, row);
        const personal = exportable.personalData ? await this.repository.personalData(em, row.id, row.currentVersion) : undefined;
        included.push({
          report: storedReportOf(row, version, personal),
          includePersonalData: !!personal,
          facts: exportable.facts,
          operation: exportable.operation,
        });
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
      await this.receipts.record(
        em,
        caller,
        included.map((r) => ({ reportId: r.report.id, version: r.report.version, facts: r.facts, operation: r.operation })),
        'export',
      );
      return bundle;
    });
  }

  /** The feedback the caller may read (feedback-visibility.ts); a bundle leaves the platform, so anonymous stays so. */
  private async feedbackOf(em: EntityManager, caller: Principal, visible: VisibleReport): Promise<ReportFeedback[]> {
    const views = await feedbackSeenBy(em, (m, id) => this.operations.accessFacts(m, id), caller, visible.row.id, visible.operation);
    return views.map((f) => ({ id: f.id, kind: f.outcome, ...(f.member && !f.anonymous ? { member: f.member } : {}), at: f.createdAt }));
  }

  /** See importStixBundle: nothing is stored. */
  importDraft(bundle: unknown, stixReportId?: string): StixImportResult {
    return importStixBundle(this.schemas, bundle, stixReportId);
  }
}
