import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource } from 'typeorm';
import { ReportAccessService } from '../access/report-access.service';
import { encodeTimeIdCursor } from '@wco/http';
import { AccessReceiptsService, ReceiptPage } from '../receipts/access-receipts.service';
import { ListReportsQueryDto } from './dto/list-reports.query';
import type { ReportPage, ReportView } from './dto/report.view';
import { toView } from './report-views';
import { ListedRow, ReportsRepository } from './reports.repository';

/** Lists: the reports a caller may see, and who read a report. */
@Injectable()
export class ReportListingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly receipts: AccessReceiptsService,
    private readonly repository: ReportsRepository,
  ) {}

  /**
   * Reports the caller may see, filtered and ordered in the database (newest detection first) with the visibility
   * predicate in the WHERE clause: a page never contains a report the caller may not see, and its size does not
   * depend on how many invisible reports exist. Every returned report gets a receipt, in one batch.
   */
  async list(caller: Principal, q: ListReportsQueryDto): Promise<ReportPage> {
    const read = this.repository.listQuery(this.access.listFilter(caller, 'r', 1), this.access.readingRoleSql(caller, 'r', 1), q);
    return this.dataSource.transaction(async (em) => {
      const rows = await this.receipts.readAndRecord<ListedRow>(em, caller, { ...read, shown: q.limit }, 'list');
      const page = rows.slice(0, q.limit);
      const items: ReportView[] = page.map((r) =>
        toView(
          caller,
          { id: r.report_id, currentVersion: r.report_version, originatorMember: r.originator_member, createdAt: r.created_at },
          r.report_version,
          r.content,
          r.version_created_at,
          r.submitted_by,
          undefined,
        ),
      );
      const last = rows.length > q.limit ? page[page.length - 1] : undefined;
      return { items, nextCursor: last ? encodeTimeIdCursor(last.detected_at, last.report_id) : null };
    });
  }

  /** Who read a report, as domain/receipts-policy.ts decides; a caller with no right to them gets the 404 of a random id. */
  async receiptsOf(caller: Principal, id: string, cursor: string | undefined, limit: number): Promise<ReceiptPage> {
    const { receiptScope } = await this.access.requireAccess(this.dataSource.manager, caller, 'list_receipts', id);
    return this.receipts.list(id, cursor, limit, receiptScope === 'own_member' ? caller.member : undefined);
  }
}
