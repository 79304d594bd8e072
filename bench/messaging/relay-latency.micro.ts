/* How long an event waits between its transaction's COMMIT and a consumer's receipt when it goes through the outbox
 * and the in-process relay, against the same messages sent straight to Kafka by an idempotent kafkajs producer at the
 * same pace (the hop the outbox cannot beat). A transaction writes one business row and a report's seven outbox rows
 * (one report event, six match events), as a report submission does. The consumer runs in a worker thread, so the
 * writer's and relay's event loop does not delay its receipts. Rounds alternate so drift of the machine weighs on both.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/messaging/relay-latency.micro.ts
 * Env: BENCH_RATE (transactions per second, default 90), BENCH_SECONDS (per variant and round, 10), BENCH_ROUNDS (3),
 *      DATABASE_URL, KAFKA_BROKERS. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { encodeEvent } from '@wco/contracts';
import { MESSAGING_MIGRATIONS, OutboxRelay, OutboxWriter } from '@wco/messaging';
import { createTestDatabase, createTopics, deleteTopics, testInfra, uniqueTopic } from '@wco/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { DataSource } from 'typeorm';
import { reportEvents } from './report-submitted.fixture';

const RATE = Number(process.env['BENCH_RATE'] ?? 90);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SOURCE = '/intel-exchange';

/** Wall-clock ms with sub-ms resolution, comparable across threads. */
const wallNow = (): number => performance.timeOrigin + performance.now();

/** A consumer in its own thread that posts [ce_id, receipt time] for every message of `topic`. */
function startConsumer(
  brokers: string[],
  topic: string,
): { arrivals: Map<string, number>; ready: Promise<void>; stop: () => Promise<void> } {
  const arrivals = new Map<string, number>();
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const { Kafka, logLevel } = require('kafkajs');
    const now = () => performance.timeOrigin + performance.now();
    const kafka = new Kafka({ clientId: 'relay-latency-consumer', brokers: workerData.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'relay-latency-' + Date.now(), maxWaitTimeInMs: 50 });
    consumer.on(consumer.events.GROUP_JOIN, () => setTimeout(() => parentPort.postMessage({ ready: true }), 1500));
    parentPort.on('message', async (m) => { if (m === 'stop') { await consumer.disconnect(); parentPort.postMessage({ stopped: true }); } });
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: workerData.topic, fromBeginning: false });
      await consumer.run({
        partitionsConsumedConcurrently: 6,
        eachMessage: async ({ message }) => {
          const at = now();
          parentPort.postMessage({ id: String(message.headers.ce_id), at });
        },
      });
    })();
    `,
    { eval: true, workerData: { brokers, topic } },
  );
  let onReady!: () => void;
  let onStopped!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const stopped = new Promise<void>((r) => (onStopped = r));
  worker.on('message', (m: { ready?: boolean; stopped?: boolean; id?: string; at?: number }) => {
    if (m.ready) onReady();
    else if (m.stopped) onStopped();
    else if (m.id && !arrivals.has(m.id)) arrivals.set(m.id, m.at!);
  });
  return {
    arrivals,
    ready,
    stop: async () => {
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
    },
  };
}

/** Calls `send` RATE times a second for SECONDS, without waiting for one call before the next (a paced open loop). */
async function paced(send: () => Promise<void>): Promise<void> {
  const total = Math.round(RATE * SECONDS);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send());
  }
  await Promise.all(inFlight);
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: s.length };
}

async function waitFor(ids: Iterable<string>, arrivals: Map<string, number>): Promise<number> {
  const list = [...ids];
  const deadline = performance.now() + 20_000;
  while (list.some((id) => !arrivals.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return list.filter((id) => !arrivals.has(id)).length;
}

async function main(): Promise<void> {
  const infra = testInfra();
  const topic = uniqueTopic('bench.relay-latency');
  await createTopics(infra.kafkaBrokers, [{ topic, numPartitions: 6 }]);
  const db = await createTestDatabase('relay-latency-micro');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: MESSAGING_MIGRATIONS,
    extra: { max: 10 },
  });
  const kafka = new Kafka({ clientId: 'relay-latency-raw', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = startConsumer(infra.kafkaBrokers, topic);
  let relay: OutboxRelay | undefined;
  try {
    await ds.initialize();
    await ds.runMigrations();
    await ds.query('CREATE TABLE business (id uuid PRIMARY KEY, body jsonb NOT NULL)');
    await producer.connect();
    relay = new OutboxRelay({ dataSource: ds, brokers: infra.kafkaBrokers, clientId: 'relay-latency-relay' });
    relay.start();
    await consumer.ready;
    const writer = new OutboxWriter(SOURCE);

    const outbox = async (): Promise<number[]> => {
      const committed = new Map<string, number>();
      await paced(async () => {
        const events = reportEvents(topic);
        const ids = await ds.transaction(async (m) => {
          await m.query('INSERT INTO business (id, body) VALUES ($1, $2)', [randomUUID(), { report: events[0].subject }]);
          return writer.addMany(m, events);
        });
        const at = wallNow();
        for (const id of ids) committed.set(id, at);
      });
      const missing = await waitFor(committed.keys(), consumer.arrivals);
      if (missing > 0) throw new Error(`${missing} outbox events never arrived`);
      return [...committed].map(([id, at]) => consumer.arrivals.get(id)! - at);
    };
    const raw = async (): Promise<number[]> => {
      const sent = new Map<string, number>();
      await paced(async () => {
        const messages = reportEvents(topic).map((e) => {
          const id = randomUUID();
          return { id, message: encodeEvent({ id, type: e.type, source: SOURCE, subject: e.subject, data: e.data }) };
        });
        const at = wallNow();
        for (const { id } of messages) sent.set(id, at);
        await producer.send({ topic, acks: -1, messages: messages.map((m) => m.message) });
      });
      const missing = await waitFor(sent.keys(), consumer.arrivals);
      if (missing > 0) throw new Error(`${missing} raw events never arrived`);
      return [...sent].map(([id, at]) => consumer.arrivals.get(id)! - at);
    };

    // A warm-up of each (the consumer's first fetches, the producer's metadata, the relay's prepared statements).
    await raw();
    await outbox();
    const results: Record<'outbox' | 'raw', number[]> = { outbox: [], raw: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of [
        ['raw', raw],
        ['outbox', outbox],
      ] as const) {
        const latencies = await run();
        results[name].push(...latencies);
        const p = percentiles(latencies);
        console.log(
          `round ${round + 1} ${name.padEnd(6)} ${p.n} events: p50 ${p.p50.toFixed(1)} p95 ${p.p95.toFixed(1)} p99 ${p.p99.toFixed(1)} ms; load average ${loadavg()[0].toFixed(2)}`,
        );
      }
    }
    const o = percentiles(results.outbox);
    const r = percentiles(results.raw);
    console.log(
      `commit -> consumer through the outbox relay, ${RATE} transactions/s of 7 events: p50 ${o.p50.toFixed(1)} p95 ${o.p95.toFixed(1)} p99 ${o.p99.toFixed(1)} ms; ` +
        `raw kafkajs send -> consumer at the same pace: p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} p99 ${r.p99.toFixed(1)} ms; ` +
        `added by the outbox: p50 +${(o.p50 - r.p50).toFixed(1)} ms, p99 +${(o.p99 - r.p99).toFixed(1)} ms`,
    );
  } finally {
    await relay?.stop();
    await consumer.stop();
    await producer.disconnect();
    await ds.destroy().catch(() => undefined);
    await db.drop();
    await deleteTopics(infra.kafkaBrokers, [topic]).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
