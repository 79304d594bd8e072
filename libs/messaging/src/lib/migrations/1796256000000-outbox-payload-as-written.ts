import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps each payload as the text OutboxWriter wrote (`json`, not `jsonb`). The relay sends that text as
 * the message value instead of PostgreSQL rebuilding it from jsonb and the relay parsing and serialising it again,
 * and the writer's insert only checks the JSON instead of converting it. The bytes on Kafka stay what they were:
 * `JSON.stringify` of the validated payload. Rows still waiting keep their data (jsonb's text form).
 */
export class OutboxPayloadAsWritten1796256000000 implements MigrationInterface {
  name = 'OutboxPayloadAsWritten1796256000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE json USING payload::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}
