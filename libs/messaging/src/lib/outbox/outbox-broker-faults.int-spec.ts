import { randomUUID } from 'node:crypto';
import { createTestDatabase, createTopics, DedicatedBroker, uniqueTopic, type TestDatabase } from '@wco/testing';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  collectTopic,
  messagingDataSource,
  REPORT_SUBMITTED,
  reportSubmitted,
  waitFor,
  type Collected,
} from '../../test/messaging-test-kit';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

jest.setTimeout(120_000);

const KEYS = 50;
const ROUNDS = 60; // 50 keys x 60 events = 3000

async function failures(): Promise<number> {
  return (await register.getSingleMetric('outbox_publish_failures_total')?.get())?.values[0]?.value ?? 0;
}

async function backlog(): Promise<number> {
  return (await register.getSingleMetric('outbox_backlog')?.get())?.values[0]?.value ?? -1;
}

/** Per key, in topic order: each event seen for the first time must carry the next sequence number. */
function checkOrder(seen: Collected[]) {
  const byId = new Set<string>();
  const last = new Map<string, number>();
  let duplicates = 0;
  const violations: string[] = [];
  for (const s of [...seen].sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))) {
    const e = s.event!;
    if (byId.has(e.id)) {
      duplicates++;
      continue;
    }
    byId.add(e.id);
    const seq = (e.data as { version: number }).version;
    const prev = last.get(e.subject) ?? 0;
    if (seq !== prev + 1) violations.push(`${e.subject}: ${prev} then ${seq}`);
    last.set(e.subject, seq);
  }
  return { distinct: byId.size, duplicates, violations, keys: last.size };
}

describe('relay under broker failure (dedicated broker, kill -9)', () => {
  const broker = new DedicatedBroker();
  const writer = new OutboxWriter('/intel-exchange');
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('relay_faults');
    ds = await messagingDataSource(db.url);
    await broker.start();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await broker.stop();
  });

  it('delivers every event in per-key order when the broker is killed mid-publish and restarted, with no manual step', async () => {
    const started = Date.now();
    const topic = uniqueTopic('relay-kill');
    await createTopics(broker.brokers, [{ topic, numPartitions: 6 }]);
    const keys = Array.from({ length: KEYS }, () => randomUUID());
    // Small batches spread the publishing over time so the kill lands in the middle of it.
    const relay = new OutboxRelay({
      dataSource: ds,
      brokers: broker.brokers,
      batchSize: 100,
      pollIntervalMs: 100,
      backoff: { initialMs: 200, maxMs: 2000 },
    });
    const failuresBefore = await failures();
    relay.start();
    let killedWithBacklog = -1;
    try {
      // The service keeps writing while the broker is down, as it would in production.
      const writing = (async () => {
        for (let round = 1; round <= ROUNDS; round++) {
          await ds.transaction((m) =>
            writer.addMany(
              m,
              keys.map((k) => ({ type: REPORT_SUBMITTED, subject: k, data: reportSubmitted(k, round), topic })),
            ),
          );
          await new Promise((r) => setTimeout(r, 40));
        }
      })();
      await waitFor(
        async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0 && (await relayHasPublished()),
        20_000,
        'publishing to start',
      );
      await new Promise((r) => setTimeout(r, 500));
      await broker.kill9();
      killedWithBacklog = (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n;
      await writing;
      await new Promise((r) => setTimeout(r, 1000));
      await broker.restart();
      await waitFor(
        async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0,
        60_000,
        'the outbox to drain after the restart',
      );
    } finally {
      await relay.stop();
    }

    const seen = await collectTopic(broker.brokers, topic, (c) => new Set(c.map((s) => s.event?.id)).size >= KEYS * ROUNDS, 30_000);
    const result = checkOrder(seen);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `broker-kill test: ${result.distinct} distinct events over ${result.keys} keys, ${result.duplicates} duplicate deliveries, ` +
        `${killedWithBacklog} rows waiting at the kill, ${(await failures()) - failuresBefore} failed publish attempts, ${seconds.toFixed(1)} s`,
    );
    expect(result.distinct).toBe(KEYS * ROUNDS);
    expect(result.keys).toBe(KEYS);
    expect(result.violations).toEqual([]);
    expect(seen.every((s) => s.event !== undefined)).toBe(true);
    expect((await failures()) - failuresBefore).toBeGreaterThan(0);

    async function relayHasPublished(): Promise<boolean> {
      const m = await register.getSingleMetric('outbox_published_total')?.get();
      return (m?.values.find((v) => v.labels['topic'] === topic)?.value ?? 0) > 0;
    }
  });

  it('starts while the broker is unreachable, backs off, and publishes once it is back', async () => {
    const topic = uniqueTopic('relay-late');
    await createTopics(broker.brokers, [{ topic, numPartitions: 3 }]);
    await broker.kill9();
    const key = randomUUID();
    await ds.transaction((m) =>
      writer.addMany(
        m,
        Array.from({ length: 100 }, (_, i) => ({ type: REPORT_SUBMITTED, subject: key, data: reportSubmitted(key, i + 1), topic })),
      ),
    );
    const failuresBefore = await failures();
    const relay = new OutboxRelay({
      dataSource: ds,
      brokers: broker.brokers,
      pollIntervalMs: 100,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    relay.start();
    try {
      await waitFor(async () => (await failures()) - failuresBefore >= 2, 20_000, 'the relay to fail and back off');
      expect((await ds.query('SELECT count(*)::int AS n, max(attempts) AS a FROM outbox'))[0].n).toBe(100);
      await waitFor(async () => (await backlog()) === 100, 5000, 'outbox_backlog to show the 100 waiting rows');
      await broker.restart();
      await waitFor(async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0, 40_000, 'the outbox to drain');
      await waitFor(async () => (await backlog()) === 0, 5000, 'outbox_backlog back to 0');
    } finally {
      await relay.stop();
    }
    const seen = await collectTopic(broker.brokers, topic, (c) => new Set(c.map((s) => s.event?.id)).size >= 100, 20_000);
    const result = checkOrder(seen);
    expect(result.distinct).toBe(100);
    expect(result.violations).toEqual([]);
  });
});
