import { randomUUID } from 'node:crypto';
import { dlqTopicOf, encodeEvent, headersAsStrings } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
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
import { ConsumerRunner, onEvent } from '../consumer/consumer-runner';
import { PoisonEventError } from '../consumer/consumer.errors';
import { ReportSubmittedEvent } from '@wco/contracts';
import { replayDeadLetters } from './replay-dead-letters';

jest.setTimeout(90_000);

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const m = await register.getSingleMetric(name)?.get();
  return m?.values.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value ?? 0;
}

describe('retries, dead letters and replay (real PostgreSQL and Kafka)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('dlq');
  const dlq = dlqTopicOf(topic);
  const group = `g-${randomUUID()}`;
  let db: TestDatabase;
  let ds: DataSource;
  let producer: Producer;
  let runner: ConsumerRunner;
  /** The "bug" in the handler: events of this report fail until it is fixed. */
  let brokenReportId = '';
  const poisonReportId = randomUUID();

  const send = (messages: Parameters<Producer['send']>[0]['messages']) => producer.send({ topic, acks: -1, messages });
  const event = (reportId: string, data: object = reportSubmitted(reportId, 1)) =>
    encodeEvent({ type: REPORT_SUBMITTED, source: '/intel-exchange', subject: reportId, data });
  const effects = async (): Promise<string[]> =>
    (await ds.query('SELECT report_id FROM effect ORDER BY seq')).map((r: { report_id: string }) => r.report_id);

  beforeAll(async () => {
    db = await createTestDatabase('dlq');
    ds = await messagingDataSource(db.url, ['CREATE TABLE effect (seq bigserial, report_id uuid NOT NULL)']);
    // One partition: "later events on the same partition" is then every later event.
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 1 },
      { topic: dlq, numPartitions: 1 },
    ]);
    producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();
    runner = new ConsumerRunner({
      dataSource: ds,
      brokers: kafkaBrokers,
      groupId: group,
      topics: [topic],
      maxAttempts: 3,
      retryBackoff: { initialMs: 50, maxMs: 200 },
      handlers: [
        onEvent(ReportSubmittedEvent, async (e, manager) => {
          if (e.data.reportId === brokenReportId) throw new Error(`downstream refuses report ${e.data.reportId}`);
          if (e.data.reportId === poisonReportId) throw new PoisonEventError('report references an unknown operation', 'UNKNOWN_OPERATION');
          await manager.query('INSERT INTO effect (report_id) VALUES ($1)', [e.data.reportId]);
        }),
      ],
    });
    await runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await producer?.disconnect();
    await ds?.destroy();
    await db?.drop();
  });

  it('dead-letters malformed, invalid, poison and repeatedly failing events with the reason; later events still apply', async () => {
    const [ok1, failing, invalid, ok2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    brokenReportId = failing;
    const processedBefore = await metricValue('consumer_processed_total', { group, topic });
    const failingEvent = event(failing);
    await send([
      event(ok1),
      { key: 'raw', value: Buffer.from([0xde, 0xad, 0xbe, 0xef]) }, // no ce_ headers at all
      failingEvent,
      event(invalid, { ...reportSubmitted(invalid, 1), tlp: 'purple' }),
      event(poisonReportId),
      event(ok2),
    ]);

    await waitFor(async () => (await effects()).includes(ok2), 30_000, 'the event after the failures to be applied');
    expect(await effects()).toEqual([ok1, ok2]);

    const letters = await collectTopic(kafkaBrokers, dlq, (c) => c.length >= 4, 20_000);
    expect(letters).toHaveLength(4);
    const byCode = Object.fromEntries(letters.map((l) => [headersAsStrings(l.message.headers)['dlq-error-code'], l.message]));
    expect(Object.keys(byCode).sort()).toEqual(['CONTRACT_VIOLATION', 'MALFORMED_EVENT', 'RETRIES_EXHAUSTED', 'UNKNOWN_OPERATION']);

    const malformed = headersAsStrings(byCode['MALFORMED_EVENT'].headers);
    expect(malformed['dlq-reason']).toMatch(/missing header\(s\) ce_id, ce_type, ce_source, ce_specversion/);
    expect(byCode['MALFORMED_EVENT'].value).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(byCode['MALFORMED_EVENT'].key?.toString()).toBe('raw');
    expect(malformed).toMatchObject({
      'dlq-original-topic': topic,
      'dlq-original-partition': '0',
      'dlq-original-offset': '1',
      'dlq-consumer-group': group,
      'dlq-attempts': '1',
    });

    const exhausted = headersAsStrings(byCode['RETRIES_EXHAUSTED'].headers);
    expect(exhausted).toMatchObject({
      'dlq-reason': `downstream refuses report ${failing}`,
      'dlq-attempts': '3',
      'dlq-original-offset': '2',
      ce_id: failingEvent.headers['ce_id'],
      ce_type: REPORT_SUBMITTED,
    });
    expect(Date.parse(exhausted['dlq-failed-at'])).not.toBeNaN();
    expect(byCode['RETRIES_EXHAUSTED'].value?.toString()).toBe(failingEvent.value);

    expect(headersAsStrings(byCode['CONTRACT_VIOLATION'].headers)['dlq-reason']).toMatch(/tlp: must be one of/);
    expect(headersAsStrings(byCode['UNKNOWN_OPERATION'].headers)).toMatchObject({
      'dlq-reason': 'report references an unknown operation',
      'dlq-attempts': '1',
    });

    expect(await metricValue('dlq_messages_total', { group, topic, reason: 'MALFORMED_EVENT' })).toBe(1);
    expect(await metricValue('dlq_messages_total', { group, topic, reason: 'RETRIES_EXHAUSTED' })).toBe(1);
    expect((await metricValue('consumer_processed_total', { group, topic })) - processedBefore).toBe(2);
    await waitFor(async () => (await metricValue('consumer_lag', { group, topic, partition: '0' })) === 0, 5000, 'lag 0');

    // The handler is fixed: replaying the failed event (and only it) applies it.
    brokenReportId = '';
    const dry = await replayDeadLetters({ brokers: kafkaBrokers, dlqTopic: dlq, eventIds: [failingEvent.headers['ce_id']], dryRun: true });
    expect(dry.replayed.map((r) => [r.eventId, r.errorCode, r.targetTopic])).toEqual([
      [failingEvent.headers['ce_id'], 'RETRIES_EXHAUSTED', topic],
    ]);
    expect(dry.skipped).toBe(3);
    expect(await topicRecordCount(kafkaBrokers, topic)).toBe(6);

    const report = await replayDeadLetters({ brokers: kafkaBrokers, dlqTopic: dlq, eventIds: [failingEvent.headers['ce_id']] });
    expect(report.replayed).toHaveLength(1);
    expect(report.replayed[0].reason).toBe(`downstream refuses report ${failing}`);
    await waitFor(async () => (await effects()).includes(failing), 20_000, 'the replayed event to be applied');
    expect(await effects()).toEqual([ok1, ok2, failing]);

    const replayed = await collectTopic(kafkaBrokers, topic, (c) => c.length >= 7, 10_000);
    const back = headersAsStrings(replayed[6].message.headers);
    expect(back['ce_id']).toBe(failingEvent.headers['ce_id']);
    expect(Object.keys(back).filter((h) => h.startsWith('dlq-'))).toEqual([]);
  });

  it('skips a redelivered event through the inbox and counts it as a duplicate', async () => {
    const id = randomUUID();
    const e = event(id);
    const dupBefore = await metricValue('consumer_duplicates_total', { group, topic });
    await send([e]);
    await waitFor(async () => (await effects()).includes(id), 15_000, 'first delivery applied');
    await send([e]); // same ce_id: what a relay retry or a replay produces
    await waitFor(
      async () => (await metricValue('consumer_duplicates_total', { group, topic })) === dupBefore + 1,
      15_000,
      'duplicate counted',
    );
    expect((await effects()).filter((x) => x === id)).toHaveLength(1);
  });
});
