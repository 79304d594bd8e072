import type { KafkaSecurityConfig } from '@wco/config';
import { Logger } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ContractViolationError,
  decodeEvent,
  dlqTopicOf,
  headersAsStrings,
  MalformedEventError,
  validateEventPayload,
  type EventContract,
  type EventEnvelope,
} from '@wco/contracts';
import { Partitioners, type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import { deadLetterHeaders } from '../dlq/dead-letter';
import { createKafka } from '../kafka/kafka-client';
import { messagingMetrics } from '../metrics/messaging.metrics';
import { contextFrom, withoutKafkaInstrumentation } from '../tracing/trace-context';
import { PoisonEventError, RetriableError } from './consumer.errors';
import { runningConsumers, type RunningConsumer } from './running-consumers';

/** A decoded, validated event as a handler receives it. */
export interface HandledEvent<T = unknown> extends EventEnvelope<T> {
  topic: string;
  partition: number;
  offset: string;
  /** The message's Kafka headers as received (a reference, not a copy). */
  kafkaHeaders: KafkaMessage['headers'];
}

/** Applies an event's effect with `manager`, the transaction that also records the event in the inbox. */
export type EventHandler<T = unknown> = (event: HandledEvent<T>, manager: EntityManager) => Promise<void>;

/**
 * Applies the effect of several events of one type at once (e.g. one multi-row INSERT), with `manager`, the
 * transaction that also records them in the inbox. `events` are new to the group, of one partition, in offset
 * order. If it throws, the runner applies the events again one by one (`[event]`), so that a poison event goes to
 * the DLQ alone and the others are retried or applied.
 */
export type BatchEventHandler<T = unknown> = (events: HandledEvent<T>[], manager: EntityManager) => Promise<void>;

export interface EventHandlerBinding {
  type: string;
  handle: EventHandler<unknown>;
  /** When set, consecutive events of this type in a chunk are handed over together; `handle` is for one event. */
  handleBatch?: BatchEventHandler<unknown>;
}

/** Binds a handler to an event contract, typing the payload it receives. */
export function onEvent<T extends object>(contract: EventContract<T>, handle: EventHandler<T>): EventHandlerBinding {
  return { type: contract.type, handle: handle as EventHandler<unknown> };
}

/**
 * Binds a batch handler to an event contract: the effect of a chunk's events of this type is applied in one call,
 * instead of one call (and usually one statement) per event.
 */
export function onEvents<T extends object>(contract: EventContract<T>, handleBatch: BatchEventHandler<T>): EventHandlerBinding {
  const batch = handleBatch as BatchEventHandler<unknown>;
  return { type: contract.type, handle: (event, manager) => batch([event], manager), handleBatch: batch };
}

export interface ConsumerRunnerOptions {
  /** The Kafka principal and TLS settings (config.kafkaSecurity). */
  security?: KafkaSecurityConfig;
  dataSource: DataSource;
  brokers: string[];
  groupId: string;
  topics: string[];
  handlers: EventHandlerBinding[];
  clientId?: string;
  /** Where a new group starts; true for read models that must see every event kept on the topic. */
  fromBeginning?: boolean;
  /** Attempts before an event that keeps failing goes to the DLQ. */
  maxAttempts?: number;
  retryBackoff?: BackoffOptions;
  partitionsConsumedConcurrently?: number;
  /** Messages applied per database transaction on the fast path. */
  chunkSize?: number;
  sessionTimeoutMs?: number;
  /** How often resolved offsets are committed while a batch is processed (always at its end). */
  commitIntervalMs?: number;
  /** Called after each fully processed batch (for benchmarks and diagnostics). */
  onBatchProcessed?: (info: { topic: string; partition: number; messages: number; durationMs: number }) => void;
}

type Prepared =
  | { kind: 'apply'; message: KafkaMessage; event: HandledEvent; binding: EventHandlerBinding }
  | { kind: 'dead'; message: KafkaMessage; error: Error }
  | { kind: 'skip'; message: KafkaMessage };

type ApplyItem = Extract<Prepared, { kind: 'apply' }>;

const tracer = trace.getTracer('@wco/messaging');

/** pg SQLSTATE classes and Node socket errors that mean "the database is unreachable", not "the event is bad". */
const INFRA_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const INFRA_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

function isInfrastructureError(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown }; message?: string };
  const code = String(e.driverError?.code ?? e.code ?? '');
  if (INFRA_SQLSTATE.test(code) || INFRA_ERRNO.has(code)) return true;
  return /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e.message ?? '');
}

function isPoison(err: unknown): boolean {
  return err instanceof PoisonEventError || err instanceof ContractViolationError || err instanceof MalformedEventError;
}

function errorCode(err: unknown, exhausted: boolean): string {
  if (
    err instanceof PoisonEventError ||
    err instanceof RetriableError ||
    err instanceof ContractViolationError ||
    err instanceof MalformedEventError
  ) {
    return exhausted ? `RETRIES_EXHAUSTED:${err.code}` : err.code;
  }
  return exhausted ? 'RETRIES_EXHAUSTED' : 'HANDLER_FAILED';
}

/**
 * Runs a consumer group: decode (CloudEvents), validate (contract), then in one transaction record the event in
 * the inbox and apply it, so a redelivered event has no second effect. Failing events are retried with backoff,
 * then dead-lettered to `<topic>.dlq`; malformed and invalid events go there at once. The partition keeps moving.
 *
 * Messages of a batch are applied in chunks of `chunkSize` per transaction (one inbox INSERT per chunk). When a
 * chunk fails, its events are applied one by one, so a single bad event does not hold back the others.
 * While the database itself is unreachable the runner waits and retries without dead-lettering: the events are
 * fine, and a DLQ full of healthy events would only need replaying.
 */
export class ConsumerRunner {
  private readonly logger: Logger;
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly handlers = new Map<string, EventHandlerBinding>();
  private readonly maxAttempts: number;
  private readonly retryBackoff: BackoffOptions;
  private readonly chunkSize: number;
  private abort = new AbortController();
  private joinedResolve?: () => void;
  private readonly registration: RunningConsumer;
  /** Resolves once the consumer has joined its group and received partitions. */
  joined: Promise<void>;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.logger = new Logger(`ConsumerRunner:${options.groupId}`);
    this.kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? options.groupId, security: options.security });
    for (const h of options.handlers) {
      if (this.handlers.has(h.type)) throw new Error(`two handlers for ${h.type} in group ${options.groupId}`);
      this.handlers.set(h.type, h);
    }
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBackoff = options.retryBackoff ?? { initialMs: 200, maxMs: 5000 };
    this.chunkSize = options.chunkSize ?? 200;
    this.joined = new Promise((resolve) => (this.joinedResolve = resolve));
    this.registration = { groupId: options.groupId, topics: options.topics };
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    this.abort = new AbortController();
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.joinedResolve?.());
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommitInterval: this.options.commitIntervalMs ?? 1000,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    runningConsumers.add(this.registration);
  }

  /** Graceful stop: the batch in flight ends after its current chunk, resolved offsets are committed. */
  async stop(): Promise<void> {
    runningConsumers.delete(this.registration);
    this.abort.abort();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async eachBatch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const started = performance.now();
    for (let i = 0; i < batch.messages.length; i += this.chunkSize) {
      if (!p.isRunning() || p.isStale() || this.abort.signal.aborted) return;
      const end = Math.min(i + this.chunkSize, batch.messages.length);
      const items: Prepared[] = [];
      const toApply: ApplyItem[] = [];
      for (let j = i; j < end; j++) {
        const item = this.prepare(batch.topic, batch.partition, batch.messages[j]);
        items.push(item);
        if (item.kind === 'apply') toApply.push(item);
      }
      let chunkApplied = false;
      if (toApply.length > 0) {
        try {
          await this.apply(toApply);
          chunkApplied = true;
        } catch (err) {
          this.logger.warn(`chunk of ${toApply.length} failed, applying one by one: ${(err as Error).message}`);
        }
      }
      for (const item of items) {
        if (item.kind === 'dead') {
          await this.deadLetter(batch.topic, batch.partition, item.message, item.error, 1, false);
        } else if (item.kind === 'apply' && !chunkApplied) {
          if (!(await this.applyWithRetries(item, p))) return;
        }
        p.resolveOffset(item.message.offset);
      }
      const last = items[items.length - 1].message.offset;
      messagingMetrics.consumerLag.set(
        { group: this.groupId, topic: batch.topic, partition: String(batch.partition) },
        Math.max(0, Number(batch.highWatermark) - Number(last) - 1),
      );
      await p.heartbeat();
      await p.commitOffsetsIfNecessary();
    }
    this.options.onBatchProcessed?.({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.length,
      durationMs: performance.now() - started,
    });
  }

  private prepare(topic: string, partition: number, message: KafkaMessage): Prepared {
    let envelope: EventEnvelope;
    try {
      envelope = decodeEvent(message);
    } catch (err) {
      return { kind: 'dead', message, error: err as Error };
    }
    const binding = this.handlers.get(envelope.type);
    if (!binding) return { kind: 'skip', message };
    try {
      const data = validateEventPayload(envelope.type, envelope.data);
      // The envelope is this message's own fresh object: completing it in place saves a copy per event.
      const event = envelope as HandledEvent;
      event.data = data;
      event.topic = topic;
      event.partition = partition;
      event.offset = message.offset;
      event.kafkaHeaders = message.headers;
      return { kind: 'apply', message, binding, event };
    } catch (err) {
      return { kind: 'dead', message, error: err as Error };
    }
  }

  /** Inbox rows and effects of `items` in one transaction; events already in the inbox are skipped. */
  private async apply(items: ApplyItem[]): Promise<void> {
    let applied = 0;
    await this.options.dataSource.transaction(async (manager) => {
      const inserted: { event_id: string }[] = await manager.query(
        `INSERT INTO inbox (consumer_group, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.groupId, items.map((i) => i.event.id)],
      );
      const freshIds = new Set(inserted.map((r) => r.event_id));
      const fresh: ApplyItem[] = [];
      for (const item of items) if (freshIds.delete(item.event.id)) fresh.push(item);
      applied = fresh.length;
      // Runs of consecutive events of one type go to a batch handler together; the order of events across types
      // is kept, since a partition carries one aggregate's events of several types in order.
      for (let k = 0; k < fresh.length;) {
        const { binding } = fresh[k];
        if (!binding.handleBatch || fresh.length === 1) {
          await this.runHandler(fresh[k], manager);
          k++;
          continue;
        }
        let end = k + 1;
        while (end < fresh.length && fresh[end].binding === binding) end++;
        await this.runBatchHandler(fresh.slice(k, end), binding.handleBatch, manager);
        k = end;
      }
    });
    const topic = items[0].event.topic;
    if (applied > 0) messagingMetrics.consumerProcessed.inc({ group: this.groupId, topic }, applied);
    if (applied < items.length) messagingMetrics.consumerDuplicates.inc({ group: this.groupId, topic }, items.length - applied);
  }

  private runHandler(item: ApplyItem, manager: EntityManager): Promise<void> {
    return inEventTrace(item.event, () => item.binding.handle(item.event, manager), this.groupId);
  }

  /** One `process <topic>` span for the call, linked to each event's producer span (one trace per event upstream). */
  private async runBatchHandler(items: ApplyItem[], handleBatch: BatchEventHandler<unknown>, manager: EntityManager): Promise<void> {
    const topic = items[0].event.topic;
    const span = tracer.startSpan(`process ${topic}`, {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': topic,
        'messaging.consumer.group.name': this.groupId,
        'messaging.batch.message_count': items.length,
      },
    });
    if (span.isRecording()) {
      const links = [];
      for (const i of items) {
        const linked = trace.getSpanContext(contextFrom({ traceparent: i.event.traceparent, tracestate: i.event.tracestate }));
        if (linked) links.push({ context: linked, attributes: { 'messaging.message.id': i.event.id } });
      }
      span.addLinks(links);
    }
    try {
      await context.with(trace.setSpan(context.active(), span), () =>
        handleBatch(
          items.map((i) => i.event),
          manager,
        ),
      );
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  }

  /** Returns false when the runner is stopping and the event was left for redelivery. */
  private async applyWithRetries(item: ApplyItem, p: EachBatchPayload): Promise<boolean> {
    let attempts = 0;
    let waits = 0;
    for (;;) {
      attempts++;
      try {
        await this.apply([item]);
        return true;
      } catch (err) {
        if (isPoison(err)) {
          await this.deadLetter(item.event.topic, item.event.partition, item.message, err as Error, attempts, false);
          return true;
        }
        if (isInfrastructureError(err)) {
          attempts--; // the event is not at fault
        } else if (attempts >= this.maxAttempts) {
          await this.deadLetter(item.event.topic, item.event.partition, item.message, err as Error, attempts, true);
          return true;
        }
        waits++;
        const delay = backoffDelay(waits, this.retryBackoff);
        this.logger.warn(`event ${item.event.id} failed (attempt ${attempts}), retrying in ${delay} ms: ${(err as Error).message}`);
        await this.pause(delay, p);
        if (!p.isRunning() || this.abort.signal.aborted) return false;
      }
    }
  }

  /** Sleeps in slices, heartbeating so that a long backoff does not cost the group membership. */
  private async pause(ms: number, p: EachBatchPayload): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !this.abort.signal.aborted) {
      await p.heartbeat();
      await sleep(Math.min(1000, until - Date.now()), this.abort.signal);
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: Error,
    attempts: number,
    exhausted: boolean,
  ): Promise<void> {
    const code = errorCode(error, exhausted);
    const headers = deadLetterHeaders(
      message.headers,
      { topic, partition, offset: message.offset, consumerGroup: this.groupId },
      { reason: error.message, errorCode: code, attempts },
    );
    const producer = this.producer;
    if (!producer) throw new Error('consumer runner is not started');
    await withoutKafkaInstrumentation(() =>
      producer.send({ topic: dlqTopicOf(topic), acks: -1, messages: [{ key: message.key, value: message.value, headers }] }),
    );
    messagingMetrics.dlqMessages.inc({
      group: this.groupId,
      topic,
      reason: code.split(':')[0] === 'RETRIES_EXHAUSTED' ? 'RETRIES_EXHAUSTED' : code,
    });
    const id = headersAsStrings(message.headers)['ce_id'] ?? '(no ce_id)';
    this.logger.warn(`event ${id} at ${topic}/${partition}@${message.offset} dead-lettered (${code}): ${error.message}`);
  }
}

/**
 * Runs `work` for one event of a batch handler in a `process <topic>` span that continues the event's own trace.
 * The batch's span only links to its events (one call, many upstream traces); a handler whose effect goes on
 * elsewhere (a notification later delivered, a row another process picks up) wraps each event's part in this and
 * stores captureTraceContext() with it, so that trace goes on to the next hop.
 */
export async function inEventTrace<T>(event: HandledEvent, work: () => Promise<T>, group?: string): Promise<T> {
  const parent = contextFrom({ traceparent: event.traceparent, tracestate: event.tracestate });
  const span = tracer.startSpan(
    `process ${event.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': event.topic,
        ...(group ? { 'messaging.consumer.group.name': group } : {}),
        'messaging.message.id': event.id,
        'messaging.kafka.offset': Number(event.offset),
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}
