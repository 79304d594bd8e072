import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource } from 'typeorm';
import { ReportAccessService } from '../access/report-access.service';
import { decodeTimeIdCursor, encodeCursor } from '../common/cursor';
import { AccessReceiptsService, ReceiptPage } from '../receipts/access-receipts.service';
import { ListReportsQueryDto } from './dto/list-reports.query';
import type { ReportPage, ReportView } from './dto/report.view';
import type { ReportContent } from './report-version.entity';
import { toView } from './report-views';

/** Lists: the reports a caller may see, and who read a report. */
@Injectable()
export class ReportListingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly receipts: AccessReceiptsService,
  ) {}

  /**
   * Reports the caller may see, filtered and ordered in the database (newest detection first) with the visibility
   * predicate in the WHERE clause: a page never contains a report the caller may not see, and its size does not
   * depend on how many invisible reports exist. Every returned report gets a receipt, in one batch.
   */
  async list(caller: Principal, q: ListReportsQueryDto): Promise<ReportPage> {
    const visibility = this.access.listFilter(caller, 'r', 1);
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
                        v.content, v.created_at AS version_created_at, v.submitted_by
                   FROM (SELECT r.id, r.current_version, r.originator_member, r.created_at, r.detected_at
                           FROM report r WHERE ${where.join(' AND ')}
                          ORDER BY r.detected_at DESC, r.id DESC LIMIT $${params.length}) page
                   JOIN report_version v ON v.report_id = page.id AND v.version = page.current_version`;

    return this.dataSource.transaction(async (em) => {
      const rows = await this.receipts.readAndRecord<ListedRow>(em, caller, { sql, params, shown: q.limit }, 'list');
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
      return { items, nextCursor: last ? encodeCursor([last.detected_at.toISOString(), last.report_id]) : null };
    });
  }

  /** Who read a report: its originating Member's analysts and auditors only. */
  async receiptsOf(caller: Principal, id: string, cursor: string | undefined, limit: number): Promise<ReceiptPage> {
    await this.access.requireAccess(this.dataSource.manager, caller, 'list_receipts', id);
    return this.receipts.list(id, cursor, limit);
  }
}

/** A row of the list query: the projection columns a view needs and the current version. */
interface ListedRow {
  report_id: string;
  report_version: number;
  read_order: string;
  originator_member: string;
  created_at: Date;
  detected_at: Date;
  content: ReportContent;
  version_created_at: Date;
  submitted_by: string;
}
