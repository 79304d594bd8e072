import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification delivery: a Member's notifications with their per-Member sequence (the SSE event id), webhook
 * endpoints (the template's `webhook` table reshaped: URL, event-type filter, sealed secrets, state), one delivery
 * per (endpoint, notification) in the endpoint's order, and the attempts of each delivery.
 */
export class NotificationDelivery1796170000000 implements MigrationInterface {
  name = 'NotificationDelivery1796170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE member_notification_sequence (member varchar(3) PRIMARY KEY, last_seq bigint NOT NULL)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY,
        member varchar(3) NOT NULL,
        seq bigint NOT NULL,
        type varchar(64) NOT NULL,
        subject varchar(100) NOT NULL,
        data jsonb NOT NULL,
        dedupe_key varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_member_seq_key UNIQUE (member, seq),
        CONSTRAINT notification_member_dedupe_key UNIQUE (member, dedupe_key)
      )`);
    await q.query(`
      ALTER TABLE "webhook"
        ADD COLUMN url varchar(2048) NOT NULL DEFAULT '',
        ADD COLUMN event_types text[] NOT NULL DEFAULT '{}',
        ADD COLUMN secret_sealed text NOT NULL DEFAULT '',
        ADD COLUMN previous_secret_sealed text,
        ADD COLUMN previous_secret_until timestamptz,
        ADD COLUMN status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        ADD COLUMN failing_since timestamptz,
        ADD COLUMN disabled_at timestamptz`);
    await q.query(`ALTER TABLE "webhook" ALTER COLUMN url DROP DEFAULT, ALTER COLUMN secret_sealed DROP DEFAULT`);
    await q.query(`CREATE INDEX webhook_active_member_idx ON "webhook" (owner_member) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY,
        position bigserial NOT NULL UNIQUE,
        webhook_id uuid NOT NULL REFERENCES "webhook" (id) ON DELETE CASCADE,
        notification_id uuid NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        redelivery_of uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_delivery_head_idx ON webhook_delivery (webhook_id, position) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (webhook_id, position DESC)`);
    await q.query(`
      CREATE TABLE webhook_delivery_attempt (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        status_code integer,
        latency_ms double precision NOT NULL,
        error varchar(500)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_attempt_delivery_idx ON webhook_delivery_attempt (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempt`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP INDEX webhook_active_member_idx`);
    await q.query(`
      ALTER TABLE "webhook" DROP COLUMN url, DROP COLUMN event_types, DROP COLUMN secret_sealed, DROP COLUMN previous_secret_sealed,
        DROP COLUMN previous_secret_until, DROP COLUMN status, DROP COLUMN failing_since, DROP COLUMN disabled_at`);
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE member_notification_sequence`);
  }
}
