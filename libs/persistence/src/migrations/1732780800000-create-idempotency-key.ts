import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKey1732780800000 implements MigrationInterface {
  name = 'CreateIdempotencyKey1732780800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        scope           text        NOT NULL,
        key             text        NOT NULL,
        request_hash    text        NOT NULL,
        response_status integer,
        response_body   jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    // Lets a periodic job purge old keys (clients retry within minutes, not months).
    await q.query('CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_key');
  }
}
