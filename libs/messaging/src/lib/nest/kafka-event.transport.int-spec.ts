import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceConfig, loadConfig } from '@wco/config';
import { dlqTopicOf, encodeEvent, ReportSubmittedEvent } from '@wco/contracts';
import { createServiceApp } from '@wco/http';
import { JsonLogger } from '@wco/telemetry';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { collectTopic, messagingDataSource, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';
import { PoisonEventError } from '../consumer/consumer.errors';
import { readDeadLetter } from '../dlq/dead-letter';
import type { EventEnvelopeInfo } from './event-context';
import { EventContext } from './event-context';
import { MessagingModule } from './messaging.module';

jest.setTimeout(90_000);

class TransportTestConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'transport-test';
}

/** What the handler saw, for the assertions (the effect itself is the read_model row). */
const calls: { reportId: string; payloadIsContract: boolean; envelope: EventEnvelopeInfo }[] = [];
/** Reports whose handler writes its row and then refuses the event as poison: the write must not survive. */
const refuseAfterWriting = new Set<string>();

@Controller()
class ReportReadModelController {
  @EventPattern(ReportSubmittedEvent.type)
  async onSubmitted(@Payload() report: ReportSubmittedEvent, @Ctx() ctx: EventContext): Promise<void> {
    const envelope = ctx.getEnvelope();
    calls.push({ reportId: report.reportId, payloadIsContract: report instanceof ReportSubmittedEvent, envelope });
    await ctx.getEntityManager().query('INSERT INTO read_model (report_id, event_id) VALUES ($1, $2)', [report.reportId, envelope.id]);
    if (refuseAfterWriting.has(report.reportId)) throw new PoisonEventError('report refused after its row was written', 'REFUSED');
  }
}

describe('KafkaEventTransport: @EventPattern handlers on ConsumerRunner (real PostgreSQL and Kafka)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('transport');
  const dlq = dlqTopicOf(topic);
  const group = `transport-${randomUUID()}`;
  let db: TestDatabase;
  let ds: DataSource;
  let producer: Producer;
  let app: NestFastifyApplication;

  const send = (...events: { id?: string; reportId: string; data?: object }[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: events.map((e) =>
        encodeEvent({
          id: e.id,
          type: REPORT_SUBMITTED,
          source: '/intel-exchange',
          subject: e.reportId,
          data: e.data ?? reportSubmitted(e.reportId, 1),
        }),
      ),
    });
  const rowsOf = async (reportId: string): Promise<number> =>
    Number((await ds.query('SELECT count(*) AS n FROM read_model WHERE report_id = $1', [reportId]))[0].n);
  const inboxHas = async (eventId: string): Promise<boolean> =>
    (await ds.query('SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2', [group, eventId])).length === 1;
  const processed = (reportId: string) => waitFor(async () => (await rowsOf(reportId)) > 0, 30_000, `report ${reportId} in the read model`);

  beforeAll(async () => {
    db = await createTestDatabase('transport');
    ds = await messagingDataSource(db.url, ['CREATE TABLE read_model (report_id uuid NOT NULL, event_id text NOT NULL)']);
    // One partition: "the partition moves on" is then "every later event is handled".
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 1 },
      { topic: dlq, numPartitions: 1 },
    ]);
    producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();

    @Module({
      imports: [
        MessagingModule.forRoot({
          dataSource: ds,
          brokers: kafkaBrokers,
          source: '/transport-test',
          relay: false,
          events: { group, topicOf: () => topic, runner: { maxAttempts: 2, retryBackoff: { initialMs: 50, maxMs: 100 } } },
        }),
      ],
      controllers: [ReportReadModelController],
    })
    class ServiceModule {}

    // The service bootstrap every service uses: it connects the transport the messaging module provides.
    app = await createServiceApp(ServiceModule, loadConfig(TransportTestConfig, { AUTH_DEV_ISSUER: 'true' }), {
      logger: new JsonLogger({ service: 'transport-test', level: 'error', write: () => undefined }),
    });
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await ds?.destroy();
    await db?.drop();
  });

  it('calls the handler once with the validated payload and the envelope; a redelivered event changes nothing', async () => {
    const reportId = randomUUID();
    const eventId = randomUUID();
    const after = randomUUID();
    await send({ id: eventId, reportId });
    await send({ id: eventId, reportId }, { reportId: after });
    await processed(after);

    expect(await rowsOf(reportId)).toBe(1);
    expect(await inboxHas(eventId)).toBe(true);
    const seen = calls.filter((c) => c.reportId === reportId);
    expect(seen).toHaveLength(1);
    expect(seen[0].payloadIsContract).toBe(true);
    expect(seen[0].envelope).toMatchObject({ id: eventId, type: REPORT_SUBMITTED, source: '/intel-exchange', subject: reportId });
    expect(seen[0].envelope.headers).toMatchObject({ ce_id: eventId, ce_type: REPORT_SUBMITTED });
  });

  it('sends an event that fails its contract to <topic>.dlq without calling the handler, and the partition moves on', async () => {
    const bad = randomUUID();
    const badEventId = randomUUID();
    const next = randomUUID();
    await send({ id: badEventId, reportId: bad, data: reportSubmitted(bad, 1, { tlp: 'purple' }) }, { reportId: next });
    await processed(next);

    const letters = await collectTopic(kafkaBrokers, dlq, (c) => c.some((l) => l.event?.id === badEventId));
    const letter = letters.find((l) => l.event?.id === badEventId);
    expect(letter && readDeadLetter(letter.message.headers)).toMatchObject({
      errorCode: 'CONTRACT_VIOLATION',
      originalTopic: topic,
      attempts: 1,
    });
    expect(calls.some((c) => c.reportId === bad)).toBe(false);
    expect(await inboxHas(badEventId)).toBe(false);
  });

  it("rolls back the handler's write with the inbox row when the handler throws, and dead-letters a poison event as thrown", async () => {
    const refused = randomUUID();
    const refusedEventId = randomUUID();
    const next = randomUUID();
    refuseAfterWriting.add(refused);
    await send({ id: refusedEventId, reportId: refused }, { reportId: next });
    await processed(next);

    const letters = await collectTopic(kafkaBrokers, dlq, (c) => c.some((l) => l.event?.id === refusedEventId));
    const letter = letters.find((l) => l.event?.id === refusedEventId);
    // The code the handler threw, not Nest's generic "Internal server error" retried until exhausted.
    expect(letter && readDeadLetter(letter.message.headers)).toMatchObject({ errorCode: 'REFUSED', attempts: 1 });
    expect(calls.filter((c) => c.reportId === refused).length).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(refused)).toBe(0);
    expect(await inboxHas(refusedEventId)).toBe(false);
  });
});
