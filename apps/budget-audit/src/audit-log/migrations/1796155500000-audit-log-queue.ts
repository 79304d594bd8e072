import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit of the audit log. A change writes its audit records into `audit_log_queue` in its own transaction
 * (no lock shared with other writers); the sequencer takes queued records in batches, under the head lock, and gives
 * them their seq, previous hash, leaf and Merkle nodes in one transaction per batch (Trillian's queue and sequencer).
 * A queued record is committed with the change it records, so none is lost; it leaves the queue in the transaction
 * that integrates it.
 */
export class AuditLogQueue1796155500000 implements MigrationInterface {
  name = 'AuditLogQueue1796155500000';

  async up(q: QueryRunner): Promise<void> {
    // payload as the exact JSON text the leaf will hash (jsonb would be re-serialised); recorded_at as the ISO text
    // the canonical document carries.
    await q.query(`
      CREATE TABLE audit_log_queue (
        id bigserial PRIMARY KEY,
        kind varchar(100) NOT NULL,
        aggregate_id varchar(200) NOT NULL,
        payload text NOT NULL,
        recorded_at text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log_queue`);
  }
}
