import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The verifiable audit log: entries (gapless seq, previous hash, canonical bytes, leaf hash), the complete subtrees of
 * the RFC 6962 tree (so proofs read O(log² n) rows and hash nothing else), the signed tree heads, and the one-row
 * head that serialises appends. Rows are append-only: a trigger refuses UPDATE and DELETE, so a change needs a
 * deliberate ALTER TABLE ... DISABLE TRIGGER (and is still caught by any auditor who verifies the stream).
 */
export class AuditLog1796155400000 implements MigrationInterface {
  name = 'AuditLog1796155400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        size bigint NOT NULL,
        last_leaf_hash bytea NOT NULL,
        signed_size bigint NOT NULL
      )`);
    await q.query(`INSERT INTO audit_log_head (id, size, last_leaf_hash, signed_size) VALUES (1, 0, decode(repeat('00', 32), 'hex'), 0)`);
    await q.query(`
      CREATE TABLE audit_log_entry (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        kind varchar(100) NOT NULL,
        aggregate_id varchar(200) NOT NULL,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        prev_hash bytea NOT NULL,
        canonical bytea NOT NULL,
        leaf_hash bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_entry_leaf_idx ON audit_log_entry (leaf_hash)`);
    await q.query(`CREATE INDEX audit_log_entry_aggregate_idx ON audit_log_entry (aggregate_id, seq)`);
    await q.query(`
      CREATE TABLE audit_log_node (
        level smallint NOT NULL,
        idx bigint NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (level, idx)
      )`);
    await q.query(`
      CREATE TABLE audit_tree_head (
        tree_size bigint PRIMARY KEY,
        previous_tree_size bigint NOT NULL,
        root_hash bytea NOT NULL,
        timestamp_ms bigint NOT NULL,
        key_id char(64) NOT NULL,
        signature bytea NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
      END $$`);
    for (const table of ['audit_log_entry', 'audit_log_node', 'audit_tree_head']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_tree_head, audit_log_node, audit_log_entry, audit_log_head`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
