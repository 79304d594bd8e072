/* Event backbone benchmark: raw baselines vs @wco/messaging on the same broker and database, in one run.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/messaging/messaging.bench.ts
 * Env: BENCH_EVENTS (default 20000), BENCH_DB_CONCURRENCY (default 8), BENCH_REPS (consumer repetitions, default 3),
 *      BENCH_ONLY=consumer (skip the producer/relay/write scenarios), BENCH_CHUNK (runner chunkSize),
 *      KAFKA_BROKERS, DATABASE_URL. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { encodeEvent, ReportSubmittedEvent, dlqTopicOf } from '@wco/contracts';
import { ConsumerRunner, MESSAGING_MIGRATIONS, OutboxRelay, OutboxWriter, onEvent } from '@wco/messaging';
import { createTestDatabase, createTopics, deleteTopics, testInfra, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners, type KafkaMessage, type Message } from 'kafkajs';
import { DataSource } from 'typeorm';
import { reportSubmittedPayload } from './report-submitted.fixture';

const N = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const DB_CONCURRENCY = Number(process.env['BENCH_DB_CONCURRENCY'] ?? 8);
const BATCH = 500;
const PARTITIONS = 6;
const REPS = Number(process.env['BENCH_REPS'] ?? 3);
const ONLY_CONSUMER = process.env['BENCH_ONLY'] === 'consumer';
/** Every consumer of the comparison reads all partitions concurrently, with kafkajs' default fetch settings. */
const CONSUMER_CONCURRENCY = PARTITIONS;
const SOURCE = '/intel-exchange';

interface Result {
  name: string;
  count: number;
  seconds: number;
  latencies: number[];
  latency: string;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(r: Result) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return { rate: r.count / r.seconds, p50: pct(sorted, 50), p99: pct(sorted, 99) };
}

/** The repetition with the median rate (its own latencies are reported with it). */
function medianRun(runs: Result[]): Result {
  const sorted = [...runs].sort((a, b) => summary(a).rate - summary(b).rate);
  const m = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...m, name: runs.length > 1 ? `${m.name} [${runs.map((r) => summary(r).rate.toFixed(0)).join(', ')}]` : m.name };
}

function report(pairs: [Result, Result][]): void {
  const rows: string[][] = [['scenario', 'events', 'msg/s', 'p50 ms', 'p99 ms', 'vs baseline', 'latency = ']];
  for (const [base, subject] of pairs) {
    const b = summary(base);
    for (const [r, s, ratio] of [
      [base, b, 'baseline'],
      [subject, summary(subject), `${((summary(subject).rate / b.rate) * 100).toFixed(0)} %`],
    ] as const) {
      rows.push([r.name, String(r.count), s.rate.toFixed(0), s.p50.toFixed(1), s.p99.toFixed(1), ratio, r.latency]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => (j === 1 || j === 2 || j === 3 || j === 4 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** ~1 KiB JSON payload for the producer/relay comparison (the relay publishes rows as stored, no validation). */
function kibPayload(reportId: string) {
  const base = reportSubmittedPayload(reportId);
  const filler = 1024 - JSON.stringify({ ...base, filler: '' }).length;
  return { ...base, filler: 'x'.repeat(Math.max(0, filler)) };
}

function validPayload(reportId: string) {
  const { filler: _f, ...rest } = kibPayload(reportId);
  return rest;
}

async function rawProducer(kafka: Kafka, topic: string): Promise<Result> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages: Message[] = Array.from({ length: N }, () => {
    const id = randomUUID();
    return encodeEvent({ type: ReportSubmittedEvent.type, source: SOURCE, subject: id, data: kibPayload(id) });
  });
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const s = performance.now();
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + BATCH) });
    latencies.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  await producer.disconnect();
  return { name: 'raw kafkajs producer (idempotent, acks=all)', count: N, seconds, latencies, latency: `send() of ${BATCH} -> acked` };
}

async function relayDrain(ds: DataSource, brokers: string[], topic: string): Promise<Result> {
  const relay = new OutboxRelay({ dataSource: ds, brokers, batchSize: BATCH });
  await relay.publishOnce(); // empty outbox: connects the producer outside the measurement
  // The backlog is written straight into the table: the relay is measured, not the writer (measured below).
  for (let i = 0; i < N; i += 2000) {
    const ids = Array.from({ length: Math.min(2000, N - i) }, () => randomUUID());
    await ds.query(
      `INSERT INTO outbox (event_id, topic, key, shard, ce_type, ce_source, ce_subject, ce_time, payload, headers)
       SELECT id, $2, id::text, (hashtext(id::text) & 15)::smallint, $3, $4, id::text, now(), p, '{}'::jsonb
       FROM unnest($1::uuid[], $5::jsonb[]) AS u(id, p)`,
      [ids, topic, ReportSubmittedEvent.type, SOURCE, ids.map((id) => JSON.stringify(kibPayload(id)))],
    );
  }
  const latencies: number[] = [];
  let published = 0;
  const t0 = performance.now();
  for (;;) {
    const s = performance.now();
    const n = await relay.publishOnce();
    if (n === 0) break;
    latencies.push(performance.now() - s);
    published += n;
  }
  const seconds = (performance.now() - t0) / 1000;
  await relay.stop();
  return {
    name: 'outbox relay draining a backlog',
    count: published,
    seconds,
    latencies,
    latency: `claim ${BATCH} rows -> send -> acked -> delete -> commit`,
  };
}

async function concurrently(
  total: number,
  workers: number,
  task: (i: number) => Promise<void>,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        await task(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

async function rawInsert(ds: DataSource): Promise<Result> {
  const r = await concurrently(N, DB_CONCURRENCY, async () => {
    await ds.query('INSERT INTO seizure_report (id, version, member) VALUES ($1, 1, $2)', [randomUUID(), 'FR']);
  });
  return { name: `raw pg INSERT (${DB_CONCURRENCY} concurrent)`, count: N, ...r, latency: 'one INSERT, autocommit' };
}

async function businessWrite(ds: DataSource, topic: string): Promise<Result> {
  const writer = new OutboxWriter(SOURCE);
  const r = await concurrently(N, DB_CONCURRENCY, async () => {
    const id = randomUUID();
    await ds.transaction(async (m) => {
      await m.query('INSERT INTO seizure_report (id, version, member) VALUES ($1, 1, $2)', [id, 'FR']);
      await writer.add(m, { type: ReportSubmittedEvent.type, subject: id, data: validPayload(id), topic });
    });
  });
  return {
    name: `business write + outbox row (${DB_CONCURRENCY} concurrent)`,
    count: N,
    ...r,
    latency: 'BEGIN, INSERT, validate + outbox INSERT, COMMIT',
  };
}

async function prefill(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < N; i += BATCH) {
    const messages = Array.from({ length: Math.min(BATCH, N - i) }, () => {
      const id = randomUUID();
      return encodeEvent({ type: ReportSubmittedEvent.type, source: SOURCE, subject: id, data: validPayload(id) });
    });
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

/**
 * A plain kafkajs eachBatch consumer reading the topic from the start until N messages, timing each fetched batch
 * from eachBatch start to offsets resolved; `work` is what the baseline does with a batch before resolving it.
 */
async function timedBatchConsumer(
  kafka: Kafka,
  topic: string,
  name: string,
  latency: string,
  work: (messages: KafkaMessage[]) => Promise<void>,
): Promise<Result> {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const latencies: number[] = [];
  let seen = 0;
  let t0 = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        const s = performance.now();
        if (t0 === 0) t0 = s;
        await work(batch.messages);
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
  return { name, count: seen, seconds: (end - t0) / 1000, latencies, latency };
}

function rawConsumer(kafka: Kafka, topic: string): Promise<Result> {
  return timedBatchConsumer(
    kafka,
    topic,
    'raw kafkajs eachBatch consumer',
    'one fetched batch: eachBatch start -> offsets resolved',
    async () => undefined,
  );
}

/** A hand-written consumer with a comparable effect: parse each value, one multi-row INSERT per batch. */
function handWrittenConsumer(kafka: Kafka, ds: DataSource, topic: string): Promise<Result> {
  return timedBatchConsumer(
    kafka,
    topic,
    'hand-written eachBatch (JSON.parse + 1 INSERT/batch)',
    'one fetched batch: eachBatch start -> INSERT done',
    async (messages) => {
      const ids = messages.map((m) => (JSON.parse(m.value!.toString()) as { reportId: string }).reportId);
      await ds.query('INSERT INTO applied (report_id) SELECT unnest($1::uuid[])', [ids]);
    },
  );
}

async function runnerConsumer(ds: DataSource, brokers: string[], topic: string): Promise<Result> {
  const latencies: number[] = [];
  let seen = 0;
  let t0 = 0;
  let resolveDone: (t: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));
  const groupId = `bench-runner-${randomUUID()}`;
  const runner = new ConsumerRunner({
    dataSource: ds,
    brokers,
    groupId,
    topics: [topic],
    partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
    chunkSize: Number(process.env['BENCH_CHUNK'] ?? 1000),
    handlers: [onEvent(ReportSubmittedEvent, async () => undefined)],
    onBatchProcessed: ({ messages, durationMs }) => {
      const start = performance.now() - durationMs;
      if (t0 === 0 || start < t0) t0 = start;
      latencies.push(durationMs);
      seen += messages;
      if (seen >= N) resolveDone(performance.now());
    },
  });
  await runner.start();
  const end = await done;
  await runner.stop();
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1', [groupId]);
  if (n !== N) throw new Error(`consumer runner recorded ${n} inbox rows, expected ${N}`);
  return {
    name: 'consumer runner (decode, validate, inbox tx)',
    count: seen,
    seconds: (end - t0) / 1000,
    latencies,
    latency: 'one fetched batch: eachBatch start -> inbox + effects committed',
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const { kafkaBrokers, databaseUrl } = testInfra();
  const kafka = new Kafka({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const tag = Date.now().toString(36);
  const topics = { raw: `bench.raw.${tag}`, relay: `bench.relay.${tag}`, consume: `bench.consume.${tag}` };
  const allTopics = [...Object.values(topics), dlqTopicOf(topics.consume)];
  let db: TestDatabase | undefined;
  let ds: DataSource | undefined;
  try {
    db = await createTestDatabase('bench');
    ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MESSAGING_MIGRATIONS,
      extra: { max: DB_CONCURRENCY + 4 },
    });
    await ds.initialize();
    await ds.runMigrations();
    await ds.query('CREATE TABLE seizure_report (id uuid PRIMARY KEY, version int NOT NULL, member text NOT NULL)');
    await ds.query('CREATE TABLE applied (report_id uuid NOT NULL)');
    await createTopics(
      kafkaBrokers,
      allTopics.map((topic) => ({ topic, numPartitions: PARTITIONS })),
    );
    console.log(
      `messaging benchmark: ${N} events, Kafka ${kafkaBrokers.join(',')}, PostgreSQL ${new URL(databaseUrl).host}, ${PARTITIONS} partitions\n`,
    );

    const pairs: [Result, Result][] = [];
    let relayRatio: number | undefined;
    if (!ONLY_CONSUMER) {
      const raw = await rawProducer(kafka, topics.raw);
      const relay = await relayDrain(ds, kafkaBrokers, topics.relay);
      await ds.query('TRUNCATE seizure_report');
      const insert = await rawInsert(ds);
      await ds.query('TRUNCATE seizure_report, outbox');
      const business = await businessWrite(ds, topics.relay);
      await ds.query('TRUNCATE outbox');
      pairs.push([raw, relay], [insert, business]);
      relayRatio = summary(relay).rate / summary(raw).rate;
    }
    await prefill(kafka, topics.consume);
    // Each repetition reads the same prefilled topic from the beginning with fresh groups; the order rotates so
    // that no consumer always runs first (cold page cache, JIT warm-up) or last.
    const runs: Record<'raw' | 'hand' | 'runner', Result[]> = { raw: [], hand: [], runner: [] };
    const dataSource = ds;
    const scenarios = {
      raw: () => rawConsumer(kafka, topics.consume),
      hand: () => handWrittenConsumer(kafka, dataSource, topics.consume),
      runner: () => runnerConsumer(dataSource, kafkaBrokers, topics.consume),
    };
    const order = ['raw', 'hand', 'runner'] as const;
    for (let rep = 0; rep < REPS; rep++) {
      for (let k = 0; k < order.length; k++) {
        const name = order[(k + rep) % order.length];
        const r = await scenarios[name]();
        runs[name].push(r);
        console.log(`rep ${rep + 1}/${REPS} ${r.name}: ${summary(r).rate.toFixed(0)} msg/s`);
      }
      await ds.query('TRUNCATE applied');
    }
    const rawC = medianRun(runs.raw);
    const hand = medianRun(runs.hand);
    const runner = medianRun(runs.runner);
    console.log(`\nconsumers: median of ${REPS} repetitions (p50/p99 of the median repetition)\n`);
    report([...pairs, [rawC, runner], [hand, runner]]);
    const consumerRatio = summary(runner).rate / summary(rawC).rate;
    console.log(
      `\nproducer/relay events are ~1 KiB CloudEvents; consumer events are ReportSubmittedEvent payloads (~${JSON.stringify(validPayload(randomUUID())).length} B) ` +
        `because the runner validates them against their contract.`,
    );
    if (relayRatio !== undefined) {
      console.log(`target relay >= 50 % of raw producer: ${(relayRatio * 100).toFixed(0)} % ${relayRatio >= 0.5 ? 'MET' : 'NOT MET'}`);
    }
    console.log(
      `target consumer runner >= 50 % of raw consumer: ${(consumerRatio * 100).toFixed(0)} % ${consumerRatio >= 0.5 ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      `consumer runner vs a hand-written consumer with a database effect: ${((summary(runner).rate / summary(hand).rate) * 100).toFixed(0)} %`,
    );
  } finally {
    await ds?.destroy();
    await db?.drop();
    await deleteTopics(kafkaBrokers, allTopics);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`benchmark failed: ${err.stack}`);
    process.exit(1);
  },
);
