import { MigrationInterface, QueryRunner } from 'typeorm';

/** Placeholder until the audit-log feature lands; the lead drops this migration on merge. */
export class AuditRecordPlaceholder1796155350403 implements MigrationInterface {
  name = 'AuditRecordPlaceholder1796155350403';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_record (
        id bigserial PRIMARY KEY,
        kind varchar(64) NOT NULL,
        aggregate_id varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_record`);
  }
}
