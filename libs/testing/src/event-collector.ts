import { decodeEvent } from '@wco/contracts';
import type { EventEnvelope } from '@wco/contracts';
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { testInfra } from './infra';

export interface CollectedEvent {
  topic: string;
  event: EventEnvelope;
}

/** Consumes topics from the beginning and keeps every decoded CloudEvent, until stopped: what a test asserts on. */
export class EventCollector {
  readonly events: CollectedEvent[] = [];
  private consumer?: Consumer;

  constructor(private readonly brokers: string[] = testInfra().kafkaBrokers) {}

  async start(topics: string[]): Promise<void> {
    const kafka = new Kafka({ clientId: 'test-event-collector', brokers: this.brokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `test-collector-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.events.push({ topic, event: decodeEvent(message) });
      },
    });
  }

  /** Waits until `predicate` holds over the events seen so far; fails naming what was seen. */
  async waitFor(predicate: (events: CollectedEvent[]) => boolean, timeoutMs = 20_000): Promise<CollectedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) {
        throw new Error(
          `events not seen within ${timeoutMs} ms; got ${this.events.length}: ${JSON.stringify(this.events.map((e) => e.event.type))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.events;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
