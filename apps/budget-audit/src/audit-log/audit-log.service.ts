/* Placeholder until the audit-log feature lands; the lead replaces this file on merge. It keeps the agreed seam
 * (AuditRecord, AuditLogService.append in the caller's transaction) and only stores the records in a plain table,
 * without sequence numbers, hashes, Merkle tree or Kafka event. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditRecord {
  kind: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

@Injectable()
export class AuditLogService {
  /** Appends in the caller's transaction. */
  async append(em: EntityManager, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await em.query(
      `INSERT INTO audit_record (kind, aggregate_id, payload) SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::jsonb[])`,
      [records.map((r) => r.kind), records.map((r) => r.aggregateId), records.map((r) => JSON.stringify(r.payload))],
    );
  }
}
