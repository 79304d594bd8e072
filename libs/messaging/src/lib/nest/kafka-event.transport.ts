import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { findEventContract, type EventContract } from '@wco/contracts';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { ConsumerRunner, type ConsumerRunnerOptions, type EventHandlerBinding, type HandledEvent } from '../consumer/consumer-runner';
import { EventContext } from './event-context';

/** The second argument of `@EventPattern(EventClass.type, { group })`: the consumer group of that handler. */
export interface EventPatternExtras {
  group?: string;
}

export interface KafkaEventTransportOptions {
  dataSource: DataSource;
  brokers: string[];
  /** The service's Kafka principal and TLS settings, for every group's runner. */
  security?: ConsumerRunnerOptions['security'];
  /** The consumer group of handlers that name none; usually the service name. */
  group: string;
  /** The topic an event type is read from; by default its contract's (tests route events to topics of their own). */
  topicOf?: (contract: EventContract) => string;
  /** Runner settings shared by every group (retries, chunk size, where a new group starts...). */
  runner?: Omit<ConsumerRunnerOptions, 'dataSource' | 'brokers' | 'security' | 'groupId' | 'topics' | 'handlers'>;
}

/**
 * `@nestjs/microservices` transport over ConsumerRunner: a service's event handlers are `@EventPattern(EventClass.type)`
 * methods on its controllers, called with the validated payload and an EventContext (envelope + the transaction's
 * EntityManager). On `listen` it starts one ConsumerRunner per consumer group, subscribed to the topics of the event
 * types that group's handlers ask for; decoding, contract validation, the inbox, retries and the DLQ are the
 * runner's, unchanged. A handler's error reaches the runner as thrown (EventErrorFilter), so a PoisonEventError or
 * a contract violation is dead-lettered at once and anything else is retried, then dead-lettered.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaEventTransport.name);
  private runners: ConsumerRunner[] = [];

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const groups = this.groups();
      for (const [groupId, g] of groups) {
        const runner = new ConsumerRunner({
          ...this.options.runner,
          dataSource: this.options.dataSource,
          brokers: this.options.brokers,
          security: this.options.security,
          groupId,
          topics: [...g.topics],
          handlers: g.bindings,
        });
        this.runners.push(runner);
        await runner.start();
        this.log.log(`consumer group ${groupId} started on ${[...g.topics].join(', ')} for ${g.bindings.map((b) => b.type).join(', ')}`);
      }
      callback();
    } catch (error) {
      await this.close();
      callback(error);
    }
  }

  async close(): Promise<void> {
    const runners = this.runners;
    this.runners = [];
    await Promise.all(runners.map((r) => r.stop()));
  }

  /** Nest's status events are not emitted by this transport; the runners log and export metrics instead. */
  on(): void {
    throw new Error('KafkaEventTransport emits no events; see the consumer metrics of @wco/messaging');
  }

  /** The running consumer runners, one per group. */
  unwrap<T>(): T {
    return this.runners as T;
  }

  /** Handlers grouped by consumer group; Nest chains the handlers of one pattern through `next`. */
  private groups(): Map<string, { topics: Set<string>; bindings: EventHandlerBinding[] }> {
    const byGroup = new Map<string, { topics: Set<string>; handlers: Map<string, MessageHandler[]> }>();
    for (const [pattern, head] of this.getHandlers()) {
      const contract = findEventContract(pattern);
      if (!contract) throw new Error(`@EventPattern('${pattern}') names no event contract of @wco/contracts (use EventClass.type)`);
      for (let handler: MessageHandler | undefined = head; handler; handler = handler.next as MessageHandler | undefined) {
        if (!handler.isEventHandler) throw new Error(`@MessagePattern('${pattern}'): events have no reply; use @EventPattern`);
        const groupId = (handler.extras as EventPatternExtras | undefined)?.group ?? this.options.group;
        const g = byGroup.get(groupId) ?? { topics: new Set<string>(), handlers: new Map<string, MessageHandler[]>() };
        byGroup.set(groupId, g);
        g.topics.add(this.options.topicOf?.(contract) ?? contract.topic);
        g.handlers.set(pattern, [...(g.handlers.get(pattern) ?? []), handler]);
      }
    }
    return new Map(
      [...byGroup].map(([groupId, g]) => [
        groupId,
        {
          topics: g.topics,
          bindings: [...g.handlers].map(([type, handlers]) => ({
            type,
            // Handlers of one type in one group run in order, in the same transaction as the inbox row.
            handle: async (event: HandledEvent, manager: EntityManager) => {
              for (const handler of handlers) await invoke(handler, event, manager);
            },
          })),
        },
      ]),
    );
  }
}

async function invoke(handler: MessageHandler, event: HandledEvent, manager: EntityManager): Promise<void> {
  const result = await handler(event.data, new EventContext([event, manager]));
  // Nest's proxy returns the filter's error as an observable (or the handler's own observable): wait for it.
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
