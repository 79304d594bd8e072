/* Consumer benchmark: the same prefilled topic (BENCH_EVENTS ReportSubmittedEvent CloudEvents, 6 partitions) read
 * from the beginning by
 *   (a) Nest's own Kafka transport (@nestjs/microservices Transport.KAFKA, an @EventPattern handler),
 *   (b) a hand-written kafkajs eachBatch consumer,
 *   (c) ConsumerRunner with a batch handler (onEvents), and (c') with a per-event handler (onEvent),
 * each with the same effect: per event one row in `applied` and its inbox row, in one transaction with it, so a
 * redelivery changes nothing. (b) and (c) decode and validate with @wco/contracts (fast path); (a) gets the value
 * parsed by Nest and validates it with class-validator (what a ValidationPipe does) and applies one event per
 * transaction (Nest hands over one message at a time).
 * Run: SWC_NODE_PROJECT=tsconfig.json OTEL_METRICS_EXPORTER=none LOG_LEVEL=warn node --require @swc-node/register bench/messaging/consumer.bench.ts
 * Env: BENCH_EVENTS (default 20000), BENCH_REPS (default 3), BENCH_CHUNK (runner chunkSize, default: the runner's),
 *      BENCH_SKIP (comma-separated scenario names to leave out), KAFKA_BROKERS, DATABASE_URL. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import {
  decodeEvent,
  dlqTopicOf,
  encodeEvent,
  findEventContract,
  ReportSubmittedEvent,
  validateEventPayload,
  validateWithClassValidator,
} from '@wco/contracts';
import { ConsumerRunner, MESSAGING_MIGRATIONS, onEvent, onEvents } from '@wco/messaging';
import { createTestDatabase, createTopics, deleteTopics, testInfra, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { reportSubmittedPayload } from './report-submitted.fixture';

const N = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const REPS = Number(process.env['BENCH_REPS'] ?? 3);
/** Unset: the runner's own default (200), which measured faster here than 1000. */
const CHUNK = process.env['BENCH_CHUNK'] ? Number(process.env['BENCH_CHUNK']) : undefined;
const SKIP = new Set((process.env['BENCH_SKIP'] ?? '').split(',').filter(Boolean));
const PARTITIONS = 6;
/** Every consumer reads all partitions concurrently, with kafkajs' default fetch settings. */
const CONCURRENCY = PARTITIONS;
const BATCH = 500;
const SOURCE = '/intel-exchange';

interface Result {
  count: number;
  seconds: number;
  /** Per unit of work (a fetched batch, a chunk, or one event for Nest), ms. */
  latencies: number[];
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const rate = (r: Result) => r.count / r.seconds;

async function prefill(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < N; i += BATCH) {
    const messages = Array.from({ length: Math.min(BATCH, N - i) }, () => {
      const id = randomUUID();
      return encodeEvent({
        type: ReportSubmittedEvent.type,
        source: SOURCE,
        subject: id,
        data: reportSubmittedPayload(id),
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
    });
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

/** The effect every consumer applies for the events new to its group: one `applied` row per event. */
async function insertApplied(manager: EntityManager | DataSource, rows: { eventId: string; reportId: string }[]): Promise<void> {
  await manager.query('INSERT INTO applied (event_id, report_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])', [
    rows.map((r) => r.eventId),
    rows.map((r) => r.reportId),
  ]);
}

async function checkEffects(ds: DataSource, group: string): Promise<void> {
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1', [group]);
  if (n !== N) throw new Error(`${group} recorded ${n} inbox rows, expected ${N}`);
}

// ---- (a) Nest's Kafka transport ----------------------------------------------------------------------------------

async function nestTransport(ds: DataSource, brokers: string[], topic: string): Promise<Result> {
  const groupId = `bench-nest-${randomUUID()}`;
  const latencies: number[] = [];
  let seen = 0;
  let t0 = 0;
  let resolveDone: (t: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));

  @Controller()
  class BenchEventsController {
    @EventPattern(topic)
    async onReport(@Payload() data: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
      const s = performance.now();
      if (t0 === 0) t0 = s;
      // Nest has parsed the JSON value; the CloudEvent attributes are in the (decoded) headers.
      const headers = ctx.getMessage().headers as Record<string, string | undefined>;
      const eventId = headers['ce_id'];
      const contract = findEventContract(String(headers['ce_type']));
      if (!eventId || !contract) throw new Error('not a platform CloudEvent');
      const event = validateWithClassValidator(contract, data) as ReportSubmittedEvent;
      await ds.transaction(async (m) => {
        const fresh = await m.query(
          'INSERT INTO inbox (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
          [groupId, eventId],
        );
        if (fresh.length > 0) await insertApplied(m, [{ eventId, reportId: event.reportId }]);
      });
      latencies.push(performance.now() - s);
      if (++seen >= N) resolveDone(performance.now());
    }
  }

  @Module({ controllers: [BenchEventsController] })
  class BenchNestModule {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchNestModule, {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: groupId, brokers, logLevel: logLevel.NOTHING },
      consumer: { groupId, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      run: { partitionsConsumedConcurrently: CONCURRENCY },
      producerOnlyMode: false,
    },
    logger: ['error'],
  });
  await app.listen();
  const end = await done;
  await app.close();
  await checkEffects(ds, groupId);
  return { count: seen, seconds: (end - t0) / 1000, latencies };
}

// ---- (b) hand-written eachBatch ----------------------------------------------------------------------------------

async function handWritten(ds: DataSource, kafka: Kafka, topic: string): Promise<Result> {
  const groupId = `bench-hand-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const latencies: number[] = [];
  let seen = 0;
  let t0 = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: CONCURRENCY,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        const s = performance.now();
        if (t0 === 0) t0 = s;
        const events = batch.messages.map((m: KafkaMessage) => {
          const e = decodeEvent(m);
          return { eventId: e.id, reportId: validateEventPayload<ReportSubmittedEvent>(e.type, e.data).reportId };
        });
        await ds.transaction(async (m) => {
          const inserted: { event_id: string }[] = await m.query(
            'INSERT INTO inbox (consumer_group, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id',
            [groupId, events.map((e) => e.eventId)],
          );
          const fresh = new Set(inserted.map((r) => r.event_id));
          await insertApplied(
            m,
            events.filter((e) => fresh.has(e.eventId)),
          );
        });
        for (const m of batch.messages) resolveOffset(m.offset);
        await heartbeat();
        latencies.push(performance.now() - s);
        seen += batch.messages.length;
        if (seen >= N) resolve(performance.now());
      },
    });
  });
  const end = await done;
  await consumer.disconnect();
  await checkEffects(ds, groupId);
  return { count: seen, seconds: (end - t0) / 1000, latencies };
}

// ---- (c) ConsumerRunner ------------------------------------------------------------------------------------------

async function runner(ds: DataSource, brokers: string[], topic: string, perEvent: boolean): Promise<Result> {
  const groupId = `bench-runner-${randomUUID()}`;
  const latencies: number[] = [];
  let seen = 0;
  let t0 = 0;
  let resolveDone: (t: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));
  const r = new ConsumerRunner({
    dataSource: ds,
    brokers,
    groupId,
    topics: [topic],
    partitionsConsumedConcurrently: CONCURRENCY,
    chunkSize: CHUNK,
    handlers: [
      perEvent
        ? onEvent(ReportSubmittedEvent, (e, m) => insertApplied(m, [{ eventId: e.id, reportId: e.data.reportId }]))
        : onEvents(ReportSubmittedEvent, (events, m) =>
            insertApplied(
              m,
              events.map((e) => ({ eventId: e.id, reportId: e.data.reportId })),
            ),
          ),
    ],
    onBatchProcessed: ({ messages, durationMs }) => {
      const start = performance.now() - durationMs;
      if (t0 === 0 || start < t0) t0 = start;
      latencies.push(durationMs);
      seen += messages;
      if (seen >= N) resolveDone(performance.now());
    },
  });
  await r.start();
  const end = await done;
  await r.stop();
  await checkEffects(ds, groupId);
  return { count: seen, seconds: (end - t0) / 1000, latencies };
}

// ---- main --------------------------------------------------------------------------------------------------------

type Name = 'nest' | 'hand' | 'runner' | 'runner1';
const LABELS: Record<Name, string> = {
  nest: '(a) Nest Kafka transport, @EventPattern (class-validator, 1 tx/event)',
  hand: '(b) hand-written eachBatch (decode, validate, 1 tx/batch)',
  runner: '(c) ConsumerRunner, onEvents batch handler',
  runner1: "(c') ConsumerRunner, onEvent per-event handler",
};
const UNITS: Record<Name, string> = { nest: 'event', hand: 'fetched batch', runner: 'fetched batch', runner1: 'fetched batch' };

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const { kafkaBrokers, databaseUrl } = testInfra();
  const kafka = new Kafka({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const topic = `bench.consumers.${Date.now().toString(36)}`;
  const topics = [topic, dlqTopicOf(topic)];
  let db: TestDatabase | undefined;
  let ds: DataSource | undefined;
  try {
    db = await createTestDatabase('bench_consumers');
    ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MESSAGING_MIGRATIONS,
      extra: { max: CONCURRENCY + 4 },
    });
    await ds.initialize();
    await ds.runMigrations();
    await ds.query('CREATE TABLE applied (event_id uuid NOT NULL, report_id uuid NOT NULL)');
    await createTopics(
      kafkaBrokers,
      topics.map((t) => ({ topic: t, numPartitions: PARTITIONS })),
    );
    console.log(
      `consumer benchmark: ${N} events, ${PARTITIONS} partitions, Kafka ${kafkaBrokers.join(',')}, PostgreSQL ${new URL(databaseUrl).host}, ${REPS} repetitions\n`,
    );
    await prefill(kafka, topic);

    const dataSource = ds;
    const scenarios: Record<Name, () => Promise<Result>> = {
      nest: () => nestTransport(dataSource, kafkaBrokers, topic),
      hand: () => handWritten(dataSource, kafka, topic),
      runner: () => runner(dataSource, kafkaBrokers, topic, false),
      runner1: () => runner(dataSource, kafkaBrokers, topic, true),
    };
    const order = (['nest', 'hand', 'runner', 'runner1'] as const).filter((n) => !SKIP.has(n));
    const runs: Record<Name, Result[]> = { nest: [], hand: [], runner: [], runner1: [] };
    const ratios: { nest: number; hand: number }[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      // The order rotates so that no consumer always runs first (cold page cache, JIT warm-up) or last.
      for (let k = 0; k < order.length; k++) {
        const name = order[(k + rep) % order.length];
        const r = await scenarios[name]();
        runs[name].push(r);
        console.log(`rep ${rep + 1}/${REPS} ${LABELS[name]}: ${rate(r).toFixed(0)} events/s`);
        // Every event applied once: a dead-lettered or skipped event would make the rate meaningless.
        const [{ n: applied }] = await dataSource.query('SELECT count(*)::int AS n FROM applied');
        if (applied !== N) throw new Error(`${name} applied ${applied} events, expected ${N}`);
        await dataSource.query('TRUNCATE applied');
      }
      const [n, h, c] = [runs.nest[rep], runs.hand[rep], runs.runner[rep]];
      if (c) ratios.push({ nest: n ? rate(c) / rate(n) : NaN, hand: h ? rate(c) / rate(h) : NaN });
    }

    console.log(
      '\nscenario                                                              events/s per repetition        p50 / p99 ms (unit)',
    );
    for (const name of order) {
      const all = runs[name].flatMap((r) => r.latencies).sort((a, b) => a - b);
      console.log(
        `${LABELS[name].padEnd(70)}${runs[name].map((r) => rate(r).toFixed(0).padStart(7)).join('')}`.padEnd(102) +
          `${pct(all, 50).toFixed(1)} / ${pct(all, 99).toFixed(1)} (${UNITS[name]})`,
      );
    }
    console.log('\nratios measured within each repetition:');
    for (const [i, r] of ratios.entries()) {
      console.log(`  rep ${i + 1}: runner / Nest ${r.nest.toFixed(1)}x   runner / hand-written ${(r.hand * 100).toFixed(0)} %`);
    }
    const minNest = Math.min(...ratios.map((r) => r.nest));
    const minHand = Math.min(...ratios.map((r) => r.hand));
    console.log(
      `target runner >= 10x Nest's transport in every repetition: ${minNest >= 10 ? 'MET' : 'NOT MET'} (lowest ${minNest.toFixed(1)}x)`,
    );
    console.log(
      `target runner >= 50 % of the hand-written consumer in every repetition: ${minHand >= 0.5 ? 'MET' : 'NOT MET'} (lowest ${(minHand * 100).toFixed(0)} %)`,
    );
  } finally {
    await ds?.destroy();
    await db?.drop();
    await deleteTopics(kafkaBrokers, topics);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`benchmark failed: ${err.stack}`);
    process.exit(1);
  },
);
