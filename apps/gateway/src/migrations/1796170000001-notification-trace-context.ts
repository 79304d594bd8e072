import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the event a notification came from, so its webhook deliveries continue that trace
 * (officer's request -> service -> outbox -> Kafka -> notification -> delivery is one trace).
 */
export class NotificationTraceContext1796170000001 implements MigrationInterface {
  name = 'NotificationTraceContext1796170000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN traceparent varchar(55), ADD COLUMN tracestate varchar(512)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification DROP COLUMN traceparent, DROP COLUMN tracestate`);
  }
}
