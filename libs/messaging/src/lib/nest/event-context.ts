import { BaseRpcContext } from '@nestjs/microservices';
import { headersAsStrings } from '@wco/contracts';
import type { EntityManager } from 'typeorm';
import type { HandledEvent } from '../consumer/consumer-runner';

/** The CloudEvent attributes of the event being handled. */
export interface EventEnvelopeInfo {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  /** Every Kafka header as text (`ce_*`, `traceparent`, ...). */
  headers: Record<string, string>;
}

/**
 * What an `@EventPattern` handler gets besides the validated payload (`@Ctx() ctx: EventContext`): the envelope and
 * the transaction that also records the event in the inbox. Writes made with `getEntityManager()` commit with the
 * inbox row or roll back with it, so a redelivered event changes nothing and a failed one leaves nothing behind.
 */
export class EventContext extends BaseRpcContext<[HandledEvent, EntityManager]> {
  private headers?: Record<string, string>;

  getEntityManager(): EntityManager {
    return this.args[1];
  }

  getEnvelope(): EventEnvelopeInfo {
    const e = this.args[0];
    // Converted on first use: most handlers never read the headers.
    this.headers ??= headersAsStrings(e.kafkaHeaders);
    return { id: e.id, type: e.type, source: e.source, subject: e.subject, time: e.time, headers: this.headers };
  }

  /** Where the event was read, for logs. */
  getPosition(): { topic: string; partition: number; offset: string } {
    const e = this.args[0];
    return { topic: e.topic, partition: e.partition, offset: e.offset };
  }
}
