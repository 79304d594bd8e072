import { decodeEvent } from '@wco/contracts';
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';

// What reached the broker: end offsets of a topic (to count what the relay published during a phase) and a
// consumer of match events that timestamps each event on arrival, keyed by the report ids it names.

export function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'intel-exchange-bench', brokers, logLevel: logLevel.NOTHING });
}

/** Sum of the partitions' end offsets: the number of records ever written to the topic. */
export async function topicEnd(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export interface MatchArrival {
  /** performance.now() when the consumer received the event. */
  at: number;
  /** The record's timestamp, on the performance.now() clock: the event's `time` (encodeEvent sets it from ce_time, written in the business transaction), not the moment the relay sent it. */
  producedAt: number;
  matchId: string;
}

interface MatchPayload {
  matchId: string;
  reportId: string;
  matchedReportId?: string;
}

/** Consumes a match topic from its current end and remembers when each report id was first named in an event. */
export class MatchWatcher {
  readonly firstArrival = new Map<string, MatchArrival>();
  events = 0;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `intel-exchange-bench-${randomUUID()}`,
      maxWaitTimeInMs: 50,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = performance.now();
        const producedAt = Number(message.timestamp) - performance.timeOrigin;
        this.events++;
        const data = decodeEvent(message).data as MatchPayload;
        for (const id of [data.reportId, data.matchedReportId]) {
          if (!id || this.firstArrival.has(id)) continue;
          this.firstArrival.set(id, { at, producedAt, matchId: data.matchId });
        }
      },
    });
    await joined;
    // A new group starts at the end offsets once its first fetch resolved them; give it that first fetch.
    await new Promise((r) => setTimeout(r, 1500));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
