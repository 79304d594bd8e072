/* Helpers shared by the messaging integration specs and their child processes (not part of the public API). */
import { randomUUID } from 'node:crypto';
import { decodeEvent, ReportSubmittedEvent, type EventEnvelope } from '@wco/contracts';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MESSAGING_MIGRATIONS } from '../lib/migrations/messaging-migrations';

export async function messagingDataSource(url: string, extraSql: string[] = []): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrations: MESSAGING_MIGRATIONS,
    migrationsRun: false,
    extra: { max: 8 },
    logging: false,
  });
  await ds.initialize();
  await ds.runMigrations();
  for (const sql of extraSql) await ds.query(sql);
  return ds;
}

/** A valid ReportSubmittedEvent payload; `version` doubles as a per-key sequence number in the tests. */
export function reportSubmitted(reportId: string, version: number, extra: Record<string, unknown> = {}) {
  return {
    reportId,
    version,
    originatorMember: 'FR',
    reportType: 'seizure',
    commodityCategory: 'tobacco',
    tlp: 'AMBER',
    distributionLevel: 'operation_participants',
    submittedAt: '2026-03-01T10:00:00Z',
    ...extra,
  };
}

export const REPORT_SUBMITTED = ReportSubmittedEvent.type;

export interface Collected {
  partition: number;
  offset: string;
  message: KafkaMessage;
  event?: EventEnvelope;
}

/** Reads a topic from the beginning until `done(collected)` holds or `timeoutMs` passes; returns what it saw. */
export async function collectTopic(
  brokers: string[],
  topic: string,
  done: (c: Collected[]) => boolean,
  timeoutMs = 30_000,
): Promise<Collected[]> {
  const kafka = new Kafka({ clientId: 'collector', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}`, allowAutoTopicCreation: false });
  const out: Collected[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          let event: EventEnvelope | undefined;
          try {
            event = decodeEvent(message);
          } catch {
            event = undefined;
          }
          out.push({ partition, offset: message.offset, message, event });
          if (done(out)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** Sum of the high watermarks of a topic: how many records it holds. */
export async function topicRecordCount(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'counter', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
