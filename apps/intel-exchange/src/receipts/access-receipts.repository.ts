import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReceiptFacts } from '../events/intel-events';
import type { AccessKindCode } from './access-receipt.entity';

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

export interface ReceiptRow {
  id: string;
  report_id: string;
  report_version: number;
  accessor_member: string;
  accessor_subject: string;
  accessor_role: string | null;
  access_kind: AccessKindCode;
  accessed_at: Date;
}

/** The SQL of access receipts: AccessReceiptsService reads as its use cases on top of it. */
@Injectable()
export class AccessReceiptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One multi-row insert whatever the number of receipts. */
  async insert(em: EntityManager, receipts: readonly ReceiptFacts[]): Promise<void> {
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
  }

  /** Runs the read and inserts a receipt per shown row in one statement (a data-modifying CTE over the read's rows). */
  async readAndInsert<R>(
    em: EntityManager,
    read: RecordedRead,
    accessor: { member: string; subject: string },
    kind: AccessKindCode,
    at: Date,
  ): Promise<RecordedRow<R>[]> {
    const n = read.params.length;
    return em.query(
      `WITH read_rows AS MATERIALIZED (${read.sql}),
       receipt AS (
         INSERT INTO access_receipt (id, report_id, report_version, accessor_member, accessor_subject, access_kind, accessed_at, accessor_role)
         SELECT gen_random_uuid(), report_id, report_version, $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::timestamptz, accessor_role
           FROM read_rows WHERE read_order <= $${n + 5}
         RETURNING id, report_id
       )
       SELECT read_rows.*, receipt.id AS receipt_id FROM read_rows LEFT JOIN receipt ON receipt.report_id = read_rows.report_id
        ORDER BY read_rows.read_order`,
      [...read.params, accessor.member, accessor.subject, kind, at.toISOString(), read.shown],
    );
  }

  /** Receipts of one report, newest first, `limit + 1` rows so the caller knows whether a next page exists. */
  async page(
    reportId: string,
    after: readonly [string, string] | undefined,
    limit: number,
    accessorMember?: string,
  ): Promise<ReceiptRow[]> {
    const params: unknown[] = [reportId, limit + 1];
    let filter = '';
    if (accessorMember) {
      params.push(accessorMember);
      filter += ` AND accessor_member = $${params.length}`;
    }
    if (after) {
      params.push(after[0], after[1]);
      filter += ` AND (accessed_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    return this.dataSource.query(
      `SELECT id, report_id, report_version, accessor_member, accessor_subject, accessor_role, access_kind, accessed_at
         FROM access_receipt WHERE report_id = $1${filter}
        ORDER BY accessed_at DESC, id DESC LIMIT $2`,
      params,
    );
  }
}
