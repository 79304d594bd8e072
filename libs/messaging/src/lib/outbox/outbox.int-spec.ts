import { randomUUID } from 'node:crypto';
import { ContractViolationError, dlqTopicOf } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  collectTopic,
  messagingDataSource,
  REPORT_SUBMITTED,
  reportSubmitted,
  topicRecordCount,
  waitFor,
} from '../../test/messaging-test-kit';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

jest.setTimeout(60_000);

async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = await register.getSingleMetric(name)?.get();
  const v = m?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
  return v?.value ?? 0;
}

describe('transactional outbox and relay (real PostgreSQL and Kafka)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('outbox');
  const writer = new OutboxWriter('/intel-exchange');
  let db: TestDatabase;
  let ds: DataSource;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    ds = await messagingDataSource(db.url, ['CREATE TABLE seizure_report (id uuid PRIMARY KEY, version int NOT NULL)']);
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 3 },
      { topic: dlqTopicOf(topic), numPartitions: 1 },
    ]);
    relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, pollIntervalMs: 200 });
  });

  afterAll(async () => {
    await relay?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('publishes a committed change exactly once and nothing of a rolled-back one', async () => {
    const rolledBack = randomUUID();
    const committed = randomUUID();
    const publishedBefore = await metricValue('outbox_published_total', { topic });

    await expect(
      ds.transaction(async (m) => {
        await m.query('INSERT INTO seizure_report VALUES ($1, 1)', [rolledBack]);
        await writer.add(m, { type: REPORT_SUBMITTED, subject: rolledBack, data: reportSubmitted(rolledBack, 1), topic });
        throw new Error('business rule failed after the event was written');
      }),
    ).rejects.toThrow('business rule failed');
    let committedEventId = '';
    await ds.transaction(async (m) => {
      await m.query('INSERT INTO seizure_report VALUES ($1, 1)', [committed]);
      committedEventId = await writer.add(m, { type: REPORT_SUBMITTED, subject: committed, data: reportSubmitted(committed, 1), topic });
    });

    relay.start();
    await waitFor(async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0, 15_000, 'outbox drained');
    // Give a stray publication of the rolled-back event time to show up before counting.
    const seen = await collectTopic(kafkaBrokers, topic, () => false, 3000);

    expect(seen.map((s) => s.event?.id)).toEqual([committedEventId]);
    expect(seen[0].event).toMatchObject({ subject: committed, key: committed, source: '/intel-exchange', type: REPORT_SUBMITTED });
    expect(seen.some((s) => s.event?.subject === rolledBack)).toBe(false);
    expect(await topicRecordCount(kafkaBrokers, topic)).toBe(1);
    expect((await ds.query('SELECT id FROM seizure_report')).map((r: { id: string }) => r.id)).toEqual([committed]);
    expect((await metricValue('outbox_published_total', { topic })) - publishedBefore).toBe(1);
  });

  it('wakes on NOTIFY: an event committed while the relay idles is published well before the next poll', async () => {
    await relay.stop();
    relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, pollIntervalMs: 30_000 });
    relay.start();
    await new Promise((r) => setTimeout(r, 1500)); // let the relay reach its idle wait
    const id = randomUUID();
    const started = Date.now();
    let eventId = '';
    await ds.transaction(async (m) => {
      eventId = await writer.add(m, { type: REPORT_SUBMITTED, subject: id, data: reportSubmitted(id, 1), topic });
    });
    const seen = await collectTopic(kafkaBrokers, topic, (c) => c.some((s) => s.event?.id === eventId), 20_000);
    expect(seen.some((s) => s.event?.id === eventId)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not lose a NOTIFY that arrives while a claim is running', async () => {
    await relay.stop();
    relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, pollIntervalMs: 30_000 });
    const first = randomUUID();
    const second = randomUUID();
    let secondEventId = '';
    // Commit the second event (and so its NOTIFY) while the relay is sending the first one.
    const internals = relay as unknown as { send: (...args: unknown[]) => Promise<void> };
    const send = internals.send.bind(relay);
    let injected = false;
    internals.send = async (...args: unknown[]) => {
      if (!injected) {
        injected = true;
        await ds.transaction(async (m) => {
          secondEventId = await writer.add(m, { type: REPORT_SUBMITTED, subject: second, data: reportSubmitted(second, 1), topic });
        });
      }
      return send(...args);
    };
    await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: first, data: reportSubmitted(first, 1), topic }));
    relay.start();
    const started = Date.now();
    await waitFor(async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0, 20_000, 'outbox drained');
    // With a lost wake-up the second event would wait for the 30 s poll.
    expect(Date.now() - started).toBeLessThan(10_000);
    const seen = await collectTopic(kafkaBrokers, topic, (c) => c.some((x) => x.event?.id === secondEventId), 10_000);
    expect(seen.some((x) => x.event?.id === secondEventId)).toBe(true);
  });

  it('validates the payload against its contract before writing, and needs the caller transaction', async () => {
    const id = randomUUID();
    await expect(
      ds.transaction((m) =>
        writer.add(m, { type: REPORT_SUBMITTED, subject: id, data: { ...reportSubmitted(id, 1), tlp: 'purple', name: 'x' } }),
      ),
    ).rejects.toThrow(ContractViolationError);
    await expect(
      ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: id, data: { ...reportSubmitted(id, 1), tlp: 'purple' } })),
    ).rejects.toThrow(/tlp: must be one of the following values/);
    await expect(writer.add(ds.manager, { type: REPORT_SUBMITTED, subject: id, data: reportSubmitted(id, 1) })).rejects.toThrow(
      /needs the EntityManager of an active transaction/,
    );
    expect((await ds.query('SELECT count(*)::int AS n FROM outbox WHERE key = $1', [id]))[0].n).toBe(0);
  });

  it('stores the event in the outbox with the topic of its contract by default', async () => {
    await relay.stop();
    const id = randomUUID();
    await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: id, data: reportSubmitted(id, 2) }));
    const [row] = await ds.query('SELECT topic, key, ce_type, ce_source, ce_subject, payload, shard FROM outbox WHERE key = $1', [id]);
    expect(row).toMatchObject({
      topic: 'intel.report.v1',
      key: id,
      ce_type: REPORT_SUBMITTED,
      ce_source: '/intel-exchange',
      ce_subject: id,
    });
    expect(row.payload).toEqual(reportSubmitted(id, 2));
    expect(row.shard).toBeGreaterThanOrEqual(0);
    expect(row.shard).toBeLessThan(16);
    await ds.query('DELETE FROM outbox WHERE key = $1', [id]);
  });

  it('vacuums the outbox itself once it has deleted enough rows, so claims do not scan past dead ones', async () => {
    await relay.stop();
    const vacuumCount = async (): Promise<number> =>
      Number((await ds.query(`SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'outbox'`))[0].vacuum_count);
    const before = await vacuumCount();
    const metricBefore = await metricValue('outbox_vacuums_total');
    const vacuuming = new OutboxRelay({
      dataSource: ds,
      brokers: kafkaBrokers,
      batchSize: 40,
      vacuumAfterRows: 100,
      vacuumMinIntervalMs: 0,
    });
    try {
      for (let i = 0; i < 4; i++) {
        await ds.transaction((m) =>
          writer.addMany(
            m,
            Array.from({ length: 50 }, () => {
              const k = randomUUID();
              return { type: REPORT_SUBMITTED, subject: k, data: reportSubmitted(k, 1), topic };
            }),
          ),
        );
      }
      expect(await vacuuming.drain()).toBe(200);
      await waitFor(async () => (await vacuumCount()) > before, 10_000, 'a VACUUM of the outbox');
      expect((await metricValue('outbox_vacuums_total')) - metricBefore).toBeGreaterThanOrEqual(1);
      const [{ dead }] = await ds.query(`SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'outbox'`);
      expect(dead).toBeLessThan(200);
    } finally {
      await vacuuming.stop();
    }
    // Turned off, it never vacuums.
    const off = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, vacuumAfterRows: 0 });
    try {
      const k = randomUUID();
      await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: k, data: reportSubmitted(k, 1), topic }));
      const metricNow = await metricValue('outbox_vacuums_total');
      expect(await off.drain()).toBe(1);
      expect(await metricValue('outbox_vacuums_total')).toBe(metricNow);
    } finally {
      await off.stop();
    }
  });
  it('with a linger, claims at once after a quiet spell and gathers what commits meanwhile into one claim under load', async () => {
    await relay.stop();
    const lingering = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, pollIntervalMs: 30_000, lingerMs: 1500 });
    const claims: { at: number; rows: number }[] = [];
    const internals = lingering as unknown as { publishOnce: () => Promise<number> };
    const publishOnce = internals.publishOnce.bind(lingering);
    internals.publishOnce = async () => {
      const at = performance.now();
      const rows = await publishOnce();
      if (rows > 0) claims.push({ at, rows });
      return rows;
    };
    const commit = async () => {
      const k = randomUUID();
      await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: k, data: reportSubmitted(k, 1), topic }));
    };
    const outboxEmpty = async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0;
    lingering.start();
    try {
      await new Promise((r) => setTimeout(r, 1500)); // quiet: the relay waits for a NOTIFY
      const first = performance.now();
      await commit();
      await waitFor(outboxEmpty, 10_000, 'the first event published');
      // Claimed at once, not after the linger.
      expect(claims).toHaveLength(1);
      expect(claims[0].at - first).toBeLessThan(1000);
      // Three more commits while the relay is busy: one claim, no sooner than the linger after the first.
      // (well within the linger even on a loaded machine: three commits, 40 ms apart)
      for (let i = 0; i < 3; i++) {
        await commit();
        await new Promise((r) => setTimeout(r, 40));
      }
      await waitFor(outboxEmpty, 10_000, 'the three events published');
      expect(claims.map((c) => c.rows)).toEqual([1, 3]);
      expect(claims[1].at - claims[0].at).toBeGreaterThanOrEqual(1490);
    } finally {
      await lingering.stop();
    }
  });
});
