import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource, EntityManager } from 'typeorm';
import { ReportAccessService } from '../access/report-access.service';
import type { VisibleReport } from '../access/report-access.service';
import type { PersonalData } from '../domain/report.types';
import { AccessReceiptsService } from '../receipts/access-receipts.service';
import type { ReportVersionSummary, ReportView } from './dto/report.view';
import { ReportVersionEntity } from './report-version.entity';
import { toView } from './report-views';
import { ReportsRepository } from './reports.repository';
import { ReportPurgedError, ReportVersionNotFoundError } from './reports.errors';

/** A stored version as the domain sees it (StoredReport), for export. */
export interface ReadVersion {
  visible: VisibleReport;
  version: ReportVersionEntity;
  personalData?: PersonalData;
}

/** Reading a report: its current version, a past version, the list of versions, the version an export carries. */
@Injectable()
export class ReportVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly receipts: AccessReceiptsService,
    private readonly repository: ReportsRepository,
  ) {}

  async get(caller: Principal, id: string): Promise<ReportView> {
    return this.dataSource.transaction(async (em) => {
      const visible = await this.access.requireAccess(em, caller, 'read', id);
      const view = await this.readVersion(em, caller, visible, visible.row.currentVersion);
      await this.receipts.record(
        em,
        caller,
        [{ reportId: id, version: view.version, facts: visible.facts, operation: visible.operation }],
        'detail',
      );
      return view;
    });
  }

  async getVersion(caller: Principal, id: string, version: number): Promise<ReportView> {
    return this.dataSource.transaction(async (em) => {
      const visible = await this.access.requireAccess(em, caller, 'read', id);
      const view = await this.readVersion(em, caller, visible, version);
      await this.receipts.record(em, caller, [{ reportId: id, version, facts: visible.facts, operation: visible.operation }], 'version');
      return view;
    });
  }

  /** A version as the caller reads it now, without a receipt: the answer to a retried submission (a purged report is report_purged). */
  async readAsReply(caller: Principal, id: string, version: number): Promise<ReportView> {
    return this.dataSource.transaction(async (em) => {
      const visible = await this.access.requireAccess(em, caller, 'read', id);
      return this.readVersion(em, caller, visible, version);
    });
  }

  async listVersions(caller: Principal, id: string): Promise<ReportVersionSummary[]> {
    const visible = await this.access.requireAccess(this.dataSource.manager, caller, 'read', id);
    const own = visible.row.originatorMember === caller.member;
    const rows = await this.repository.listVersions(this.dataSource.manager, id);
    return rows.map((v) => ({
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      correctionId: v.correctionId,
      ...(own ? { submittedBy: v.submittedBy } : {}),
    }));
  }

  /** The version an export carries, once the gate allowed the export; the export route records the receipt. */
  async readForExport(caller: Principal, id: string, em: EntityManager): Promise<ReadVersion> {
    const visible = await this.access.requireAccess(em, caller, 'export', id);
    if (visible.row.purgedAt) throw new ReportPurgedError(id);
    const version = await this.repository.findVersion(em, id, visible.row.currentVersion);
    if (!version) throw new ReportVersionNotFoundError(id, visible.row.currentVersion);
    const personal = this.access.maySeePersonalData(caller, visible)
      ? await this.repository.findPersonalData(em, id, version.version)
      : null;
    return { visible, version, ...(personal ? { personalData: personal.personalData } : {}) };
  }

  private async readVersion(em: EntityManager, caller: Principal, visible: VisibleReport, version: number): Promise<ReportView> {
    const { row } = visible;
    if (row.purgedAt) throw new ReportPurgedError(row.id);
    const v = await this.repository.findVersion(em, row.id, version);
    if (!v) throw new ReportVersionNotFoundError(row.id, version);
    // The current distribution decides, including for older versions: narrowing a report narrows its history.
    const personal = this.access.maySeePersonalData(caller, visible) ? await this.repository.findPersonalData(em, row.id, version) : null;
    return toView(caller, row, version, v.content, v.createdAt, v.submittedBy, personal?.personalData);
  }
}
