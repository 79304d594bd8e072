/*
 * The chaos run's consumer, a process of its own so that it can be killed with SIGKILL mid-batch. It runs the real
 * ConsumerRunner on the service's report and match topics and applies one effect row per event, in the same
 * transaction as its inbox row, into a database of its own on the run's PostgreSQL.
 *
 * - `chaos_effect` has no unique key on purpose: an event applied twice would show as two rows.
 * - `chaos_inbox_duplicate` is written by a BEFORE INSERT trigger on the inbox for every event id that is already
 *   there (BEFORE triggers fire even when ON CONFLICT DO NOTHING then skips the row): the redeliveries the inbox
 *   absorbed, durable across kill -9, with the time they arrived. It commits with the chunk, so an attempt that
 *   rolled back is not counted.
 * Each effect takes CHAOS_HANDLER_DELAY_MS (10) more, as a handler with real work would.
 * Prints `{"processed":n,"duplicates":n}` (the runner's own metrics) every 250 ms and on SIGTERM.
 */
import { MatchFoundEvent, ReportRevisedEvent, ReportSubmittedEvent } from '@wco/contracts';
import type { HandledEvent } from '@wco/messaging';
import { ConsumerRunner, InboxMessageEntity, MESSAGING_MIGRATIONS, onEvent } from '@wco/messaging';
import { prepareServiceDatabase } from '@wco/persistence';
import { register } from 'prom-client';
import type { EntityManager } from 'typeorm';

export const CONSUMER_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS chaos_effect (
     applied_seq bigserial PRIMARY KEY,
     event_id text NOT NULL,
     topic text NOT NULL,
     key text NOT NULL,
     type text NOT NULL,
     kafka_partition int NOT NULL,
     kafka_offset bigint NOT NULL,
     applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  `CREATE TABLE IF NOT EXISTS chaos_inbox_duplicate (
     event_id text NOT NULL,
     consumer_group text NOT NULL,
     seen_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  `CREATE OR REPLACE FUNCTION chaos_count_duplicate() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM inbox WHERE consumer_group = NEW.consumer_group AND event_id = NEW.event_id) THEN
       INSERT INTO chaos_inbox_duplicate (event_id, consumer_group) VALUES (NEW.event_id, NEW.consumer_group);
     END IF;
     RETURN NEW;
   END $$`,
  `DROP TRIGGER IF EXISTS chaos_count_duplicate ON inbox`,
  `CREATE TRIGGER chaos_count_duplicate BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION chaos_count_duplicate()`,
];

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

/** A little work per event, so that a batch spans several chunk transactions and a kill can land between them. */
const HANDLER_DELAY_MS = Number(process.env['CHAOS_HANDLER_DELAY_MS'] ?? '10');

async function applyEffect(e: HandledEvent, manager: EntityManager): Promise<void> {
  await manager.query(
    'INSERT INTO chaos_effect (event_id, topic, key, type, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.id, e.topic, e.subject ?? '', e.type, e.partition, e.offset],
  );
  if (HANDLER_DELAY_MS > 0) await new Promise((r) => setTimeout(r, HANDLER_DELAY_MS));
}

async function main(): Promise<void> {
  const dataSource = await prepareServiceDatabase({
    serverUrl: env('CHAOS_PG_URL'),
    database: env('CHAOS_CONSUMER_DATABASE'),
    entities: [InboxMessageEntity],
    migrations: [...MESSAGING_MIGRATIONS],
    poolSize: 4,
    applicationName: 'chaos-consumer',
  });
  for (const sql of CONSUMER_SCHEMA) await dataSource.query(sql);
  const runner = new ConsumerRunner({
    dataSource,
    brokers: env('CHAOS_BROKERS').split(','),
    groupId: env('CHAOS_GROUP'),
    topics: env('CHAOS_TOPICS').split(','),
    // Short session: after a kill -9 the group rebalances to the restarted consumer within seconds.
    sessionTimeoutMs: 6000,
    // kafkajs commits offsets at the end of every batch (a batch is one partition's fetched messages); within a
    // batch each event commits to the database on its own (chunks of 1) while the offsets wait, so a kill inside a
    // batch leaves applied-but-uncommitted events behind to be redelivered.
    commitIntervalMs: 5000,
    chunkSize: 1,
    handlers: [onEvent(ReportSubmittedEvent, applyEffect), onEvent(ReportRevisedEvent, applyEffect), onEvent(MatchFoundEvent, applyEffect)],
  });
  const stats = async (): Promise<void> => {
    const get = async (name: string): Promise<number> =>
      ((await register.getSingleMetric(name)?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);
    process.stdout.write(
      `${JSON.stringify({ processed: await get('consumer_processed_total'), duplicates: await get('consumer_duplicates_total') })}\n`,
    );
  };
  const timer = setInterval(() => void stats(), 250);
  process.once('SIGTERM', () => {
    void (async () => {
      clearInterval(timer);
      await runner.stop();
      await stats();
      await dataSource.destroy();
      process.exit(0);
    })();
  });
  await runner.start();
  process.stdout.write(`${JSON.stringify({ started: true })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
