import type { KafkaSecurityConfig } from '@wco/config';
import { randomUUID } from 'node:crypto';
import { originalTopicOf } from '@wco/contracts';
import { Partitioners, type Message } from 'kafkajs';
import { createKafka } from '../kafka/kafka-client';
import { withoutKafkaInstrumentation } from '../tracing/trace-context';
import { readDeadLetter, stripDeadLetterHeaders, type DeadLetterInfo } from './dead-letter';

export interface ReplayOptions {
  /** The Kafka principal and TLS settings (config.kafkaSecurity). */
  security?: KafkaSecurityConfig;
  brokers: string[];
  /** `<topic>.dlq` */
  dlqTopic: string;
  /** Only these event ids (ce_id); all dead letters when absent. */
  eventIds?: string[];
  /** List what would be replayed without sending anything. */
  dryRun?: boolean;
  /** Stop reading after this long even if the end was not reached. */
  timeoutMs?: number;
}

export interface ReplayedLetter extends DeadLetterInfo {
  dlqPartition: number;
  dlqOffset: string;
  /** Topic the event was sent back to. */
  targetTopic: string;
}

export interface ReplayReport {
  dlqTopic: string;
  dryRun: boolean;
  replayed: ReplayedLetter[];
  /** Dead letters read but not selected by the filter. */
  skipped: number;
}

/**
 * Sends dead letters back to their original topic with their original key, value and headers (dlq-* removed),
 * reading the DLQ from the beginning up to its end at the time of the call. The consumers' inbox makes a
 * replay of an event that was applied in the meantime harmless.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const fallbackTarget = originalTopicOf(options.dlqTopic);
  const wanted = options.eventIds && options.eventIds.length > 0 ? new Set(options.eventIds) : undefined;
  const kafka = createKafka({ brokers: options.brokers, clientId: 'dlq-replay', security: options.security });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    if (!(await admin.listTopics()).includes(options.dlqTopic)) {
      throw new Error(`dead-letter topic "${options.dlqTopic}" does not exist on ${options.brokers.join(',')}`);
    }
    for (const p of await admin.fetchTopicOffsets(options.dlqTopic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  const report: ReplayReport = { dlqTopic: options.dlqTopic, dryRun: options.dryRun ?? false, replayed: [], skipped: 0 };
  if (ends.size === 0) return report;

  const selected: { letter: ReplayedLetter; message: Message }[] = [];
  // A throw-away group that never commits: the replay reads the whole DLQ every time and leaves no trace.
  const consumer = kafka.consumer({ groupId: `dlq-replay-${randomUUID()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.dlqTopic, fromBeginning: true });
    const remaining = new Set(ends.keys());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${options.dlqTopic} did not reach its end within ${options.timeoutMs ?? 60_000} ms`)),
        options.timeoutMs ?? 60_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            const info = readDeadLetter(message.headers);
            if (!wanted || (info.eventId && wanted.has(info.eventId))) {
              const targetTopic = info.originalTopic ?? fallbackTarget;
              selected.push({
                letter: { ...info, dlqPartition: partition, dlqOffset: message.offset, targetTopic },
                message: { key: message.key, value: message.value, headers: stripDeadLetterHeaders(message.headers) },
              });
            } else {
              report.skipped++;
            }
            if (BigInt(message.offset) + 1n >= end) {
              remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }

  if (!report.dryRun && selected.length > 0) {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    try {
      const byTopic = new Map<string, Message[]>();
      for (const s of selected) byTopic.set(s.letter.targetTopic, [...(byTopic.get(s.letter.targetTopic) ?? []), s.message]);
      // Keep the traceparent the event carried: the replay continues the event's original trace.
      await withoutKafkaInstrumentation(() =>
        producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
      );
    } finally {
      await producer.disconnect();
    }
  }
  report.replayed = selected.map((s) => s.letter);
  return report;
}
