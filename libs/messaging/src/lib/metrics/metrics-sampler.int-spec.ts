import { randomUUID } from 'node:crypto';
import { dlqTopicOf, encodeEvent } from '@wco/contracts';
import { createTestDatabase, createTopics, deleteTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { messagingDataSource, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';
import { ConsumerRunner, onEvent } from '../consumer/consumer-runner';
import { ReportSubmittedEvent } from '@wco/contracts';
import { MetricsSampler } from './metrics-sampler';
import { sagaStateGauge } from './sql-gauge';

jest.setTimeout(90_000);

type Labels = Record<string, string>;
async function series(name: string): Promise<{ labels: Labels; value: number }[]> {
  const m = await register.getSingleMetric(name)?.get();
  return (m?.values ?? []).map((v) => ({ labels: v.labels as Labels, value: v.value }));
}
async function value(name: string, labels: Labels = {}): Promise<number | undefined> {
  return (await series(name)).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

describe('MetricsSampler: outbox, consumer group lag and DLQ sizes from the real PostgreSQL and Kafka, SQL gauges', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('sampler');
  const dlq = dlqTopicOf(topic);
  const group = `sampler-${randomUUID()}`;
  let db: TestDatabase;
  let ds: DataSource;
  let producer: Producer;
  let runner: ConsumerRunner;
  let sampler: MetricsSampler;
  let release: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    db = await createTestDatabase('sampler');
    ds = await messagingDataSource(db.url, ['CREATE TABLE saga (id serial PRIMARY KEY, state text NOT NULL)']);
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 2 },
      { topic: dlq, numPartitions: 1 },
    ]);
    producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();
    sampler = new MetricsSampler({
      dataSource: ds,
      brokers: kafkaBrokers,
      clientId: 'sampler-spec',
      sqlGauges: [sagaStateGauge('test-saga', 'SELECT state, count(*) AS value FROM saga GROUP BY state')],
    });
  });

  afterAll(async () => {
    release();
    await sampler?.stop();
    await runner?.stop();
    await producer?.disconnect();
    await ds?.destroy();
    await db?.drop();
    await deleteTopics(kafkaBrokers, [topic, dlq]).catch(() => undefined);
  });

  it('reports the outbox backlog and the age of its oldest row, and 0 once it is drained', async () => {
    const row = (age: string) =>
      ds.query(
        `INSERT INTO outbox (event_id, topic, key, shard, ce_type, ce_source, ce_subject, ce_time, payload, created_at)
         VALUES ($1, $2, 'k', 0, 't', '/s', 'k', now(), '{}', now() - $3::interval)`,
        [randomUUID(), topic, age],
      );
    await row('90 seconds');
    await row('5 seconds');
    await sampler.sample();
    expect(await value('outbox_backlog')).toBe(2);
    const age = (await value('outbox_oldest_age_seconds')) ?? -1;
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(150);

    await ds.query('DELETE FROM outbox');
    await sampler.sample();
    expect(await value('outbox_backlog')).toBe(0);
    expect(await value('outbox_oldest_age_seconds')).toBe(0);
  });

  it('shows the lag of a stuck consumer group from the broker, DLQ sizes, and 0 lag once the group caught up', async () => {
    const effects: string[] = [];
    runner = new ConsumerRunner({
      dataSource: ds,
      brokers: kafkaBrokers,
      groupId: group,
      topics: [topic],
      handlers: [
        onEvent(ReportSubmittedEvent, async (event) => {
          await stalled;
          effects.push(event.data.reportId);
        }),
      ],
    });
    await runner.start();
    await runner.joined;
    // Four valid events on partition 0 (the handler holds the first), a malformed one on partition 1.
    const events = Array.from({ length: 4 }, () => randomUUID()).map((id) => ({
      partition: 0,
      ...encodeEvent({ type: REPORT_SUBMITTED, source: '/intel-exchange', subject: id, data: reportSubmitted(id, 1) }),
    }));
    await producer.send({ topic, acks: -1, messages: [...events, { partition: 1, key: 'x', value: 'not a CloudEvent' }] });

    await waitFor(
      async () => (await value('dlq_messages_total', { group, topic, reason: 'MALFORMED_EVENT' })) === 1,
      20_000,
      'dead letter',
    );
    await waitFor(
      async () => {
        await sampler.sample();
        return (await value('consumer_group_lag', { group, topic, partition: '1' })) === 0;
      },
      20_000,
      'partition 1 committed',
    );
    expect(await value('consumer_group_lag', { group, topic, partition: '0' })).toBe(4);
    expect(await value('dlq_size', { topic: dlq })).toBe(1);
    expect(effects).toEqual([]);

    release();
    await waitFor(
      async () => {
        await sampler.sample();
        return (await value('consumer_group_lag', { group, topic, partition: '0' })) === 0;
      },
      30_000,
      'partition 0 caught up',
    );
    expect(effects).toHaveLength(4);
    expect(await value('dlq_size', { topic: dlq })).toBe(1);
  });

  it('drops the lag and DLQ series of a group this process no longer runs', async () => {
    await runner.stop();
    await sampler.sample();
    expect((await series('consumer_group_lag')).filter((s) => s.labels['group'] === group)).toEqual([]);
    expect(await value('dlq_size', { topic: dlq })).toBeUndefined();
  });

  it('replaces a SQL gauge with the rows of its query at each sample', async () => {
    await ds.query(`INSERT INTO saga (state) VALUES ('pending'), ('pending'), ('funded')`);
    await sampler.sample();
    const saga = async () =>
      Object.fromEntries(
        (await series('saga_state')).filter((s) => s.labels['saga'] === 'test-saga').map((s) => [s.labels['state'], s.value]),
      );
    expect(await saga()).toEqual({ pending: 2, funded: 1 });
    await ds.query(`UPDATE saga SET state = 'funded'`);
    await sampler.sample();
    expect(await saga()).toEqual({ funded: 3 });
  });

  it('counts a failing source and keeps sampling the others', async () => {
    const broken = new MetricsSampler({
      dataSource: ds,
      brokers: kafkaBrokers,
      clientId: 'sampler-spec-broken',
      sqlGauges: [
        { name: 'broken_gauge', help: 'a query on a table that does not exist', labelNames: [], sql: 'SELECT 1 AS value FROM missing' },
      ],
    });
    const before = (await value('metrics_sampling_errors_total', { source: 'sql_gauge' })) ?? 0;
    await ds.query('DELETE FROM outbox');
    await ds.query(
      `INSERT INTO outbox (event_id, topic, key, shard, ce_type, ce_source, ce_subject, ce_time, payload) VALUES ($1, $2, 'k', 0, 't', '/s', 'k', now(), '{}')`,
      [randomUUID(), topic],
    );
    await broken.sample();
    await broken.stop();
    expect(await value('metrics_sampling_errors_total', { source: 'sql_gauge' })).toBe(before + 1);
    expect(await value('outbox_backlog')).toBe(1);
  });
});
