import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { dlqTopicOf, ReportSubmittedEvent } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import type { DataSource } from 'typeorm';
import { messagingDataSource, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';
import { onEvent } from '../consumer/consumer-runner';
import { OutboxWriter } from '../outbox/outbox-writer';
import { MessagingModule } from './messaging.module';

jest.setTimeout(60_000);

class ReportReadModel {
  readonly seen: string[] = [];
}

describe('MessagingModule (Nest app lifecycle, real PostgreSQL and Kafka)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('nest');
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('nest');
    ds = await messagingDataSource(db.url);
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 2 },
      { topic: dlqTopicOf(topic), numPartitions: 1 },
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('injects the OutboxWriter, runs the relay and the consumers with the app, and stops them on close', async () => {
    const readModel = new ReportReadModel();
    const app = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => ({
            dataSource: ds,
            brokers: kafkaBrokers,
            source: '/intel-exchange',
            relay: { pollIntervalMs: 200 },
            consumers: [
              {
                groupId: `g-${randomUUID()}`,
                topics: [topic],
                handlers: [onEvent(ReportSubmittedEvent, async (e) => void readModel.seen.push(e.data.reportId))],
              },
            ],
          }),
        }),
      ],
    }).compile();
    await app.init();
    try {
      const writer = app.get(OutboxWriter);
      const id = randomUUID();
      await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: id, data: reportSubmitted(id, 1), topic }));
      await waitFor(() => readModel.seen.includes(id), 30_000, 'the event to travel outbox -> Kafka -> consumer');
    } finally {
      await app.close();
    }
  });
});
