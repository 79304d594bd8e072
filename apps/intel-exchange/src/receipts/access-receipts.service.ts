import { Injectable } from '@nestjs/common';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '@wco/http';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IntelEvents, ReceiptFacts } from '../events/intel-events';
import type { Principal } from '@wco/auth';
import { readingRole } from '../domain/receipts-policy';
import type { ReportAccessFacts } from '../domain/access-policy';
import type { Tlp } from '../domain/code-lists';
import type { OperationAccessFacts } from '../domain/report.types';
import type { AccessKindCode } from './access-receipt.entity';

export interface ReadReport {
  reportId: string;
  version: number;
  /** The report as the read saw it (the receipt carries its originator, TLP and operation). */
  facts: ReportAccessFacts;
  operation?: OperationAccessFacts;
}

/**
 * A read of report rows to record in the same statement: `sql` yields the rows in reading order with the columns
 * `report_id` (each report once), `report_version`, `read_order` (1, 2, ...), and for the receipt `originator_member`,
 * `tlp`, `operation_id` and `accessor_role` (see readingRole); its parameters are numbered from $1.
 * Only the rows with read_order <= `shown` are read by the caller (a list asks for one look-ahead row more than it
 * shows).
 */
export interface RecordedRead {
  sql: string;
  params: readonly unknown[];
  shown: number;
}

/** A row of a recorded read, with the receipt written for it (absent on a row beyond `shown`). */
export type RecordedRow<R> = R & { receipt_id: string | null };

export interface ReceiptView {
  id: string;
  reportId: string;
  reportVersion: number;
  accessorMember: string;
  accessorSubject: string;
  /** Null for receipts recorded before the role was. */
  accessorRole: string | null;
  accessKind: AccessKindCode;
  accessedAt: string;
}

export interface ReceiptPage {
  items: ReceiptView[];
  nextCursor: string | null;
}

interface ReceiptRow {
  id: string;
  report_id: string;
  report_version: number;
  accessor_member: string;
  accessor_subject: string;
  accessor_role: string | null;
  access_kind: AccessKindCode;
  accessed_at: Date;
}

@Injectable()
export class AccessReceiptsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: IntelEvents,
  ) {}

  /**
   * Records that `reader` read these report versions, in the read's own transaction: one multi-row insert and one
   * outbox batch whatever the number of reports (a list page is one round trip each).
   */
  async record(em: EntityManager, reader: Principal, reads: readonly ReadReport[], kind: AccessKindCode): Promise<void> {
    if (reads.length === 0) return;
    const at = new Date();
    const policyCaller = reader;
    const receipts: ReceiptFacts[] = reads.map((r) => ({
      id: randomUUID(),
      reportId: r.reportId,
      reportVersion: r.version,
      accessorMember: reader.member,
      accessorSubject: reader.subject,
      accessorRole: readingRole(policyCaller, r.facts, r.operation),
      originatorMember: r.facts.originatorMember,
      tlp: r.facts.tlp,
      operationId: r.facts.operationId ?? null,
      kind,
      at,
    }));
    await em.query(
      `INSERT INTO access_receipt (id, report_id, report_version, accessor_member, accessor_subject, access_kind, accessed_at, accessor_role)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])`,
      [
        receipts.map((r) => r.id),
        receipts.map((r) => r.reportId),
        receipts.map((r) => r.reportVersion),
        receipts.map((r) => r.accessorMember),
        receipts.map((r) => r.accessorSubject),
        receipts.map((r) => r.kind),
        receipts.map((r) => r.at.toISOString()),
        receipts.map((r) => r.accessorRole),
      ],
    );
    await this.events.accessRecorded(em, receipts);
  }

  /**
   * Runs a read and records its receipts in one statement (a data-modifying CTE over the read's rows), then writes
   * their events to the outbox: a list page costs two statements inside its transaction, whatever its size. The
   * receipts and events are those `record` would write, with the same instant in both.
   */
  async readAndRecord<
    R extends {
      report_id: string;
      report_version: number;
      read_order: string | number;
      originator_member: string;
      tlp: string;
      operation_id: string | null;
      accessor_role: string;
    },
  >(em: EntityManager, reader: Principal, read: RecordedRead, kind: AccessKindCode): Promise<RecordedRow<R>[]> {
    const at = new Date();
    const n = read.params.length;
    const rows: RecordedRow<R>[] = await em.query(
      `WITH read_rows AS MATERIALIZED (${read.sql}),
       receipt AS (
         INSERT INTO access_receipt (id, report_id, report_version, accessor_member, accessor_subject, access_kind, accessed_at, accessor_role)
         SELECT gen_random_uuid(), report_id, report_version, $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::timestamptz, accessor_role
           FROM read_rows WHERE read_order <= $${n + 5}
         RETURNING id, report_id
       )
       SELECT read_rows.*, receipt.id AS receipt_id FROM read_rows LEFT JOIN receipt ON receipt.report_id = read_rows.report_id
        ORDER BY read_rows.read_order`,
      [...read.params, reader.member, reader.subject, kind, at.toISOString(), read.shown],
    );
    const receipts: ReceiptFacts[] = [];
    for (const r of rows) {
      if (r.receipt_id === null) continue;
      receipts.push({
        id: r.receipt_id,
        reportId: r.report_id,
        reportVersion: r.report_version,
        accessorMember: reader.member,
        accessorSubject: reader.subject,
        accessorRole: r.accessor_role,
        originatorMember: r.originator_member,
        tlp: r.tlp as Tlp,
        operationId: r.operation_id,
        kind,
        at,
      });
    }
    await this.events.accessRecorded(em, receipts);
    return rows;
  }

  /**
   * Receipts of one report, newest first; with `accessorMember`, only the reads of that Member. The caller has been
   * authorised by ReportsService.
   */
  async list(reportId: string, cursor: string | undefined, limit: number, accessorMember?: string): Promise<ReceiptPage> {
    const params: unknown[] = [reportId, limit + 1];
    let filter = '';
    if (accessorMember) {
      params.push(accessorMember);
      filter += ` AND accessor_member = $${params.length}`;
    }
    if (cursor) {
      const [at, id] = decodeTimeIdCursor(cursor);
      params.push(at, id);
      filter += ` AND (accessed_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows: ReceiptRow[] = await this.dataSource.query(
      `SELECT id, report_id, report_version, accessor_member, accessor_subject, accessor_role, access_kind, accessed_at
         FROM access_receipt WHERE report_id = $1${filter}
        ORDER BY accessed_at DESC, id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        reportId: r.report_id,
        reportVersion: r.report_version,
        accessorMember: r.accessor_member,
        accessorSubject: r.accessor_subject,
        accessorRole: r.accessor_role,
        accessKind: r.access_kind,
        accessedAt: r.accessed_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.accessed_at, last.id) : null,
    };
  }
}
