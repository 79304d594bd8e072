import { randomUUID } from 'node:crypto';
import { dlqTopicOf, encodeEvent, headersAsStrings, ReportPurgedEvent, ReportSubmittedEvent } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { collectTopic, messagingDataSource, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';
import { ConsumerRunner, onEvent, onEvents } from './consumer-runner';
import { PoisonEventError } from './consumer.errors';

jest.setTimeout(90_000);

describe('batch handlers (onEvents) on the consumer runner (real PostgreSQL and Kafka)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('batch');
  const dlq = dlqTopicOf(topic);
  let db: TestDatabase;
  let ds: DataSource;
  let producer: Producer;
  let runner: ConsumerRunner;
  const calls: number[] = [];
  const poison = randomUUID();
  const flaky = randomUUID();
  let flakyFailures = 0;

  const submitted = (id: string) =>
    encodeEvent({ type: REPORT_SUBMITTED, source: '/intel-exchange', subject: id, data: reportSubmitted(id, 1) });
  const purged = (id: string) =>
    encodeEvent({
      type: ReportPurgedEvent.type,
      source: '/intel-exchange',
      subject: id,
      data: { reportId: id, originatorMember: 'FR', action: 'purged', purgedAt: '2026-03-01T10:00:00Z' },
    });
  const effects = async (): Promise<string[]> =>
    (await ds.query('SELECT what FROM effect ORDER BY seq')).map((r: { what: string }) => r.what);

  beforeAll(async () => {
    db = await createTestDatabase('batch');
    ds = await messagingDataSource(db.url, ['CREATE TABLE effect (seq bigserial, what text NOT NULL)']);
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 1 },
      { topic: dlq, numPartitions: 1 },
    ]);
    producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await runner?.stop();
    await producer?.disconnect();
    await ds?.destroy();
    await db?.drop();
  });

  it('applies a chunk of one type in one call, keeps the order across types, isolates a poison event, retries a transient failure and ignores redeliveries', async () => {
    const before = Array.from({ length: 20 }, () => randomUUID());
    const after = Array.from({ length: 20 }, () => randomUUID());
    const purgedId = randomUUID();
    const messages = [...before.map(submitted), submitted(poison), submitted(flaky), purged(purgedId), ...after.map(submitted)];
    messages.push({ ...messages[0] }); // a redelivery of the first event (same ce_id) within the same batch
    // Everything is on the topic before the runner starts, so it arrives in few fetched batches.
    await producer.send({ topic, acks: -1, messages });

    runner = new ConsumerRunner({
      dataSource: ds,
      brokers: kafkaBrokers,
      groupId: `g-${randomUUID()}`,
      topics: [topic],
      maxAttempts: 4,
      retryBackoff: { initialMs: 20, maxMs: 50 },
      handlers: [
        onEvents(ReportSubmittedEvent, async (events, manager) => {
          calls.push(events.length);
          if (events.some((e) => e.data.reportId === poison)) throw new PoisonEventError('report cannot be applied', 'UNAPPLICABLE');
          if (events.some((e) => e.data.reportId === flaky) && flakyFailures++ < 2) throw new Error('downstream busy');
          await manager.query('INSERT INTO effect (what) SELECT unnest($1::text[])', [events.map((e) => `submitted:${e.data.reportId}`)]);
        }),
        onEvent(ReportPurgedEvent, async (e, manager) => {
          await manager.query('INSERT INTO effect (what) VALUES ($1)', [`purged:${e.data.reportId}`]);
        }),
      ],
    });
    await runner.start();

    const expected = [
      ...before.map((id) => `submitted:${id}`),
      `submitted:${flaky}`,
      `purged:${purgedId}`,
      ...after.map((id) => `submitted:${id}`),
    ];
    await waitFor(async () => (await effects()).length >= expected.length, 30_000, 'every applicable event to be applied');
    expect(await effects()).toEqual(expected);
    // At least one call carried many events: the effect was batched, not called once per event.
    expect(Math.max(...calls)).toBeGreaterThanOrEqual(20);
    expect(flakyFailures).toBe(3);

    const letters = await collectTopic(kafkaBrokers, dlq, (c) => c.length >= 1, 15_000);
    expect(letters).toHaveLength(1);
    expect(headersAsStrings(letters[0].message.headers)).toMatchObject({
      'dlq-error-code': 'UNAPPLICABLE',
      'dlq-reason': 'report cannot be applied',
      'dlq-original-topic': topic,
      'dlq-original-partition': '0',
      'dlq-original-offset': '20',
      'dlq-attempts': '1',
    });

    // Redelivery of the whole topic (what a relay retry or replay produces): the inbox keeps it from applying twice.
    await producer.send({ topic, acks: -1, messages: [...before.map((_, i) => messages[i]), messages[messages.length - 2]] });
    const callsBefore = calls.length;
    const fresh = Array.from({ length: 30 }, () => randomUUID());
    await producer.send({ topic, acks: -1, messages: fresh.map(submitted) });
    const freshEffects = fresh.map((id) => `submitted:${id}`);
    await waitFor(async () => (await effects()).includes(freshEffects[29]), 20_000, 'the events after the redeliveries');
    expect(await effects()).toEqual([...expected, ...freshEffects]);
    // The healthy events after the redeliveries were applied in fewer calls than events.
    const later = calls.slice(callsBefore);
    expect(later.reduce((a, b) => a + b, 0)).toBe(30);
    expect(later.length).toBeLessThan(30);
  });
});
