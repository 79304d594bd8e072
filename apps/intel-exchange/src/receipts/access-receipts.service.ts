import { Injectable } from '@nestjs/common';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '@wco/http';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AccessReceiptsRepository, type RecordedRead, type RecordedRow } from './access-receipts.repository';
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

export type { RecordedRead, RecordedRow } from './access-receipts.repository';

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

@Injectable()
export class AccessReceiptsService {
  constructor(
    private readonly receipts: AccessReceiptsRepository,
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
    await this.receipts.insert(em, receipts);
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
    const rows = await this.receipts.readAndInsert<R>(em, read, reader, kind, at);
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
    const rows = await this.receipts.page(reportId, cursor ? decodeTimeIdCursor(cursor) : undefined, limit, accessorMember);
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
