import type { KafkaSecurityConfig } from '@wco/config';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { encodeStoredEvent } from '@wco/contracts';
import { propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import { createKafka } from '../kafka/kafka-client';
import { messagingMetrics } from '../metrics/messaging.metrics';
import { contextFrom, withoutKafkaInstrumentation } from '../tracing/trace-context';
import { OUTBOX_CHANNEL, OUTBOX_SHARDS, OUTBOX_WRITTEN, SHARD_LOCK_NAMESPACE, WAKE_LOCK_NAMESPACE } from './outbox.constants';

export interface OutboxRelayOptions {
  /** The Kafka principal and TLS settings (config.kafkaSecurity). */
  security?: KafkaSecurityConfig;
  dataSource: DataSource;
  brokers: string[];
  clientId?: string;
  /** Rows claimed and sent per transaction. */
  batchSize?: number;
  /** Poll interval when no NOTIFY arrives (NOTIFY is lost while the LISTEN connection is down). */
  pollIntervalMs?: number;
  /** Shards one claim may lock; below OUTBOX_SHARDS lets several relay instances work side by side. */
  shardsPerClaim?: number;
  /** Delay between attempts while the broker (or database) fails. */
  backoff?: BackoffOptions;
  /** Ack timeout of one batch. */
  sendTimeoutMs?: number;
  /**
   * While busy (woken within the last `busyWindowMs`), the relay looks again after this long instead of registering
   * for a NOTIFY, doubling the wait after each empty look: no registration holds writers back. Default 20 ms.
   */
  busyPollMs?: number;
  /** How long after its last wake-up the relay counts as busy. Default 1,000 ms. */
  busyWindowMs?: number;
  /**
   * The relay VACUUMs the outbox after deleting this many rows (0: never, leave it to autovacuum). Default 1,000.
   * A queue table's dead rows stay in its indexes until a vacuum, and every claim scans past them from the oldest
   * seq; autovacuum visits a database at most once a minute (autovacuum_naptime). Measured: a claim of seven rows
   * cost the database backend 813-967 µs without, 400-500 µs with a VACUUM every 700 rows (its cost included).
   */
  vacuumAfterRows?: number;
  /** At most one relay VACUUM per this many ms. Default 1,000. */
  vacuumMinIntervalMs?: number;
  /**
   * While busy, at most one claim per this many ms (Kafka's linger.ms, on the relay's side): what commits meanwhile
   * goes out in one claim and one produce request. Each claim costs three database round trips and a produce request
   * (about 0.75 ms of broker CPU on the 2-core machine whatever its size), so under load fewer, larger claims leave
   * more CPU to the writes. An event committed after a quiet spell is claimed at once; under load one waits up to
   * this long. Default 0 (claim at once): for services whose events are latency-sensitive (matches, notifications).
   */
  lingerMs?: number;
}

interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  key: string;
  ce_type: string;
  ce_source: string;
  ce_subject: string;
  ce_time: Date;
  /** The payload as the writer stored it (JSON text), sent without being parsed and serialised again. */
  payload: string;
  headers: Record<string, string>;
}

const tracer = trace.getTracer('@wco/messaging');

/**
 * Publishes outbox rows to Kafka, at least once and in per-key order.
 *
 * Each claim runs in one transaction: lock free shards with pg_try_advisory_xact_lock, take their oldest rows
 * with FOR UPDATE SKIP LOCKED, send them with an idempotent producer (acks=all), delete them, commit. A shard is
 * published by one relay at a time, and rows of a shard leave in seq order, so per-key order holds with any
 * number of relay instances. If the send or the commit fails, the rows stay and are sent again (duplicates are
 * possible; consumers dedupe by event id).
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly kafka: Kafka;
  private producer?: Producer;
  private listener?: PoolClient;
  private releaseListener?: (destroy: boolean) => void;
  private loop?: Promise<void>;
  private stopping = new AbortController();
  private wake?: () => void;
  /** A NOTIFY arrived while a claim was running: the next idle() must not wait for another one. */
  private notifiedWhileBusy = false;
  private failures = 0;
  private lastBacklogAt = 0;
  /** performance.now() of the last wake-up (a commit of this process or a NOTIFY). */
  private lastWakeAt = -Infinity;
  /** Empty looks since the relay last published, while busy. */
  private emptyBusyPolls = 0;
  /** Whether the database has the gated trigger (OutboxNotifyWhenRelayWaits1767657600000); known after listen(). */
  private gatedNotify?: boolean;
  /**
   * Our registration is in outbox_waiting_relay: only a committed writer removes it, and that writer notifies, so it
   * stays until a NOTIFY arrives (or the LISTEN connection, and with it what we know, is lost).
   */
  private registered = false;
  private readonly relayId = randomUUID();
  /** Wakes the relay when a transaction of this process that wrote outbox rows commits (see OutboxWriter). */
  private readonly commitWatcher: EntitySubscriberInterface = {
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      const data = event.queryRunner.data as Record<string, unknown> | undefined;
      // A released savepoint broadcasts this too: only the outermost COMMIT makes the rows visible.
      if (!data?.[OUTBOX_WRITTEN] || event.queryRunner.isTransactionActive) return;
      data[OUTBOX_WRITTEN] = false;
      this.wakeUp();
    },
  };
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly pollIntervalMs: number;
  private readonly shardsPerClaim: number;
  private readonly backoff: BackoffOptions;
  private readonly sendTimeoutMs: number;
  private readonly busyPollMs: number;
  private readonly busyWindowMs: number;
  private readonly vacuumAfterRows: number;
  private readonly vacuumMinIntervalMs: number;
  private deletedSinceVacuum = 0;
  private lastVacuumAt = -Infinity;
  private lastClaimAt = -Infinity;
  private lastClaimFull = false;
  private vacuuming?: Promise<void>;

  constructor(private readonly options: OutboxRelayOptions) {
    this.kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? 'outbox-relay', security: options.security });
    this.batchSize = options.batchSize ?? 500;
    this.lingerMs = options.lingerMs ?? 0;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.shardsPerClaim = Math.min(OUTBOX_SHARDS, options.shardsPerClaim ?? OUTBOX_SHARDS);
    // Both go into the claim's SQL text (see publishOnce).
    for (const [name, v] of [
      ['batchSize', this.batchSize],
      ['shardsPerClaim', this.shardsPerClaim],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`OutboxRelay ${name} must be a positive integer, got ${v}`);
    }
    this.backoff = options.backoff ?? { initialMs: 200, maxMs: 10_000 };
    this.sendTimeoutMs = options.sendTimeoutMs ?? 15_000;
    this.busyPollMs = options.busyPollMs ?? 20;
    this.busyWindowMs = options.busyWindowMs ?? 1000;
    this.vacuumAfterRows = options.vacuumAfterRows ?? 1000;
    this.vacuumMinIntervalMs = options.vacuumMinIntervalMs ?? 1000;
  }

  /** Starts publishing in the background; failures are retried with backoff, never thrown. */
  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    if (!this.options.dataSource.subscribers.includes(this.commitWatcher)) this.options.dataSource.subscribers.push(this.commitWatcher);
    this.loop = this.run();
  }

  /** Finishes the claim in progress, then releases the producer and the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    const subscribers = this.options.dataSource.subscribers;
    if (subscribers.includes(this.commitWatcher)) subscribers.splice(subscribers.indexOf(this.commitWatcher), 1);
    await this.loop;
    this.loop = undefined;
    await this.vacuuming;
    if (this.gatedNotify) {
      // Otherwise the next writer removes it and notifies a relay that is gone.
      this.registered = false;
      await this.options.dataSource.query(`DELETE FROM outbox_waiting_relay WHERE relay_id = $1`, [this.relayId]).catch(() => undefined);
    }
    await this.dropProducer();
    await this.unlisten();
  }

  /** Publishes until the outbox is empty (or only holds rows another relay is publishing). For scripts and tests. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      await this.ensureProducer();
      const n = await this.publishOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      // Also while the broker is down: a growing backlog is what the alert should see.
      await this.refreshBacklog().catch(() => undefined);
      try {
        await this.listen();
        await this.ensureProducer();
        // A wake-up is claimed at once (the registration below is never between a commit and its claim), unless the
        // relay is busy: the last claim that found rows was recent, and not full. Then it first waits out the linger,
        // so that what commits meanwhile goes in this claim and its one produce request. An empty look does not count:
        // after a quiet spell an event is claimed at once.
        const since = performance.now() - this.lastClaimAt;
        if (this.lingerMs > 0 && since < this.lingerMs && !this.lastClaimFull) {
          await sleep(this.lingerMs - since, signal);
          if (signal.aborted) break;
        }
        const claimStartedAt = performance.now();
        const published = await this.publishOnce();
        if (published > 0) this.lastClaimAt = claimStartedAt;
        this.lastClaimFull = published >= this.batchSize;
        if (this.failures > 0) this.logger.log(`publishing again after ${this.failures} failed attempt(s)`);
        this.failures = 0;
        if (published > 0) this.emptyBusyPolls = 0;
        if (published >= this.batchSize || this.notifiedWhileBusy) {
          this.notifiedWhileBusy = false;
          continue;
        }
        if (!this.gatedNotify) {
          await this.idle(signal, this.pollIntervalMs);
        } else if (performance.now() - this.lastWakeAt < this.busyWindowMs) {
          // Busy: look again shortly rather than register. Each registration takes the wake lock exclusively, which
          // holds back every writer at the outbox trigger until the writers before it have committed.
          await this.idle(signal, Math.min(this.busyWindowMs, this.busyPollMs * 2 ** this.emptyBusyPolls++));
        } else if (!this.registered) {
          // Quiet: register, then claim once more before waiting. A row committed before the registration is seen
          // by that claim; one committed after it makes its writer notify (see the migration). So the relay can
          // wait for a NOTIFY without missing a row.
          await this.registerWaiting();
        } else {
          await this.idle(signal, this.pollIntervalMs);
        }
      } catch (err) {
        this.failures++;
        messagingMetrics.outboxPublishFailures.inc();
        const delay = backoffDelay(this.failures, this.backoff);
        this.logger.warn(`outbox publish failed (attempt ${this.failures}), retrying in ${delay} ms: ${(err as Error).message}`);
        // A failed idempotent producer may hold a fenced or stale producer id: start over with a fresh one.
        await this.dropProducer();
        await sleep(delay, signal);
      }
    }
  }

  /** A NOTIFY: a writer removed our registration. */
  private notify(): void {
    this.registered = false;
    this.wakeUp();
  }

  private wakeUp(): void {
    this.lastWakeAt = performance.now();
    if (this.wake) this.wake();
    else this.notifiedWhileBusy = true;
  }

  /** Waits for a wake-up (a commit of this process, a NOTIFY), `ms`, or stop(). */
  private idle(signal: AbortSignal, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  /**
   * One claim: lock shards, take rows, send, delete, commit. Returns the number of rows published.
   *
   * Three round trips to the database (a relay woken for each business transaction pays this per claim): `BEGIN`
   * + shard locks in one message, the row claim, and `DELETE` + `COMMIT` in one message. The statements are
   * sent in the simple protocol, which allows several per message but no parameters, so the values are inlined;
   * they are integers the relay produced itself (shard numbers, limits, and the seq values read from the table).
   */
  async publishOnce(): Promise<number> {
    const producer = await this.ensureProducer();
    const client = await this.pool().connect();
    let claimed: OutboxRow[] = [];
    let inTransaction = false;
    let broken: Error | undefined;
    // A checked-out client has no listener of the pool's: a connection lost between two statements (PostgreSQL
    // restarting while the batch is on its way to Kafka) would be an unhandled 'error' event and end the process.
    // The next statement then fails, and the client is discarded below.
    let lost = false;
    const onConnectionError = (err: Error): void => {
      lost = true;
      broken = err;
    };
    client.on('error', onConnectionError);
    try {
      inTransaction = true;
      const locked = (await client.query(
        `BEGIN;
         SELECT s FROM unnest('{${this.shardOrder().join(',')}}'::int[]) AS s
         WHERE pg_try_advisory_xact_lock(${SHARD_LOCK_NAMESPACE}, s) LIMIT ${this.shardsPerClaim}`,
      )) as unknown as QueryResult<{ s: number }>[];
      const shards = locked[1].rows.map((r) => Number(r.s));
      if (shards.length > 0) {
        // The shards as constants, as with a bound parameter: with the locks in a subquery of this statement the
        // planner did not know them, and draining a backlog was slower (relay/producer 60-67 % against 82 %).
        // No row locks: the shard locks already give these rows to this claim alone (a row's shard never changes, and
        // a relay takes a shard only after the claim before it has committed its DELETE), and FOR UPDATE would write
        // a lock into every tuple that the DELETE then rewrites.
        claimed = (
          await client.query<OutboxRow>(
            `SELECT seq, event_id, topic, key, ce_type, ce_source, ce_subject, ce_time, payload::text AS payload, headers
             FROM outbox WHERE shard = ANY('{${shards.join(',')}}'::int[]) ORDER BY seq LIMIT ${this.batchSize}`,
          )
        ).rows;
      }
      if (claimed.length > 0) {
        await this.send(producer, claimed);
        const seqs = claimed.map((r) => {
          if (!/^[0-9]+$/.test(String(r.seq))) throw new Error(`unexpected outbox seq ${String(r.seq)}`);
          return r.seq;
        });
        // The relay does not wait for its DELETE to reach the disk: if the commit is lost in a crash, the rows are
        // sent again, which at-least-once delivery allows (consumers dedupe by event id).
        await client.query(
          `SET LOCAL synchronous_commit = off; DELETE FROM outbox WHERE seq = ANY('{${seqs.join(',')}}'::bigint[]); COMMIT`,
        );
      } else {
        await client.query('COMMIT');
      }
      inTransaction = false;
    } catch (err) {
      broken = err as Error;
      if (inTransaction) {
        await client
          .query('ROLLBACK')
          .then(() => (inTransaction = false))
          .catch(() => undefined);
      }
      if (claimed.length > 0) await this.recordFailure(claimed, err as Error);
      throw err;
    } finally {
      client.removeListener('error', onConnectionError);
      // A connection whose ROLLBACK did not go through, or that was lost, is not handed back to the pool.
      client.release(broken && (inTransaction || lost) ? broken : undefined);
    }
    for (const r of claimed) messagingMetrics.outboxPublished.inc({ topic: r.topic });
    this.deletedSinceVacuum += claimed.length;
    this.maybeVacuum();
    return claimed.length;
  }

  /**
   * VACUUMs the outbox in the background once enough rows were deleted (see vacuumAfterRows); the claims go on
   * meanwhile (VACUUM takes no lock that a claim or a writer waits for). For a database user that does not own the
   * table, PostgreSQL skips it with a warning and autovacuum alone cleans up, as before.
   */
  private maybeVacuum(): void {
    if (this.vacuumAfterRows <= 0 || this.vacuuming || this.deletedSinceVacuum < this.vacuumAfterRows) return;
    if (performance.now() - this.lastVacuumAt < this.vacuumMinIntervalMs) return;
    this.deletedSinceVacuum = 0;
    this.lastVacuumAt = performance.now();
    this.vacuuming = this.pool()
      .query('VACUUM (SKIP_LOCKED, INDEX_CLEANUP ON, TRUNCATE false) outbox')
      .then(
        () => messagingMetrics.outboxVacuums.inc(),
        (err: Error) => this.logger.warn(`VACUUM of the outbox failed: ${err.message}`),
      )
      .finally(() => (this.vacuuming = undefined));
  }

  private pool(): Pool {
    return (this.options.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Sends rows in seq order; each message carries a span that continues the trace stored with its row. */
  private async send(producer: Producer, rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const spans: Span[] = [];
    for (const row of rows) {
      const parent = contextFrom(row.headers);
      const span = tracer.startSpan(
        `publish ${row.topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': row.topic,
            'messaging.message.id': row.event_id,
            'messaging.kafka.message.key': row.key,
          },
        },
        parent,
      );
      spans.push(span);
      const carrier: Record<string, string> = { ...row.headers };
      // Without a registered propagator this is a no-op and the stored traceparent goes out unchanged.
      propagation.inject(trace.setSpan(parent, span), carrier);
      // OutboxWriter checked the type, source and payload against its contract when it wrote the row.
      const message = encodeStoredEvent({
        id: row.event_id,
        type: row.ce_type,
        source: row.ce_source,
        subject: row.ce_subject,
        time: new Date(row.ce_time).toISOString(),
        dataJson: row.payload,
        traceparent: carrier['traceparent'],
        tracestate: carrier['tracestate'],
      });
      const list = byTopic.get(row.topic) ?? [];
      list.push(message);
      byTopic.set(row.topic, list);
    }
    try {
      await withoutKafkaInstrumentation(() =>
        producer.sendBatch({
          acks: -1,
          timeout: this.sendTimeoutMs,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
      );
    } catch (err) {
      for (const s of spans) s.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      for (const s of spans) s.end();
    }
  }

  /** Rotates where the shard scan starts so that several relays spread over the shards. */
  private shardOrder(): number[] {
    const start = Math.floor(Math.random() * OUTBOX_SHARDS);
    return Array.from({ length: OUTBOX_SHARDS }, (_, i) => (start + i) % OUTBOX_SHARDS);
  }

  private async recordFailure(rows: OutboxRow[], err: Error): Promise<void> {
    await this.options.dataSource
      .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`, [
        rows.map((r) => r.seq),
        err.message.slice(0, 2000),
      ])
      .catch(() => undefined);
  }

  private async refreshBacklog(): Promise<void> {
    if (Date.now() - this.lastBacklogAt < 2000) return;
    this.lastBacklogAt = Date.now();
    const [{ n }] = await this.options.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);
    messagingMetrics.outboxBacklog.set(n);
  }

  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    // maxInFlightRequests 1: kafkajs assigns idempotent sequence numbers per request, and more than one
    // request in flight per connection can reorder or reject batches.
    const producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    try {
      await producer.connect();
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    await p?.disconnect().catch(() => undefined);
  }

  /**
   * Asks writers for one NOTIFY. Under the exclusive wake lock, so writers already past the trigger (holding it
   * shared until their commit) are committed when this returns. One round trip, no WAL flush (unlogged table).
   */
  private async registerWaiting(): Promise<void> {
    // Set before the statement: a NOTIFY that arrives while it runs may be the removal of this very registration,
    // and must leave the flag false.
    this.registered = true;
    try {
      // One statement in its own transaction: the lock is taken before the row is inserted and held to the commit.
      await this.options.dataSource.query(
        `WITH wake AS (SELECT pg_advisory_xact_lock($1, 0))
         INSERT INTO outbox_waiting_relay (relay_id) SELECT $2 FROM wake ON CONFLICT DO NOTHING`,
        [WAKE_LOCK_NAMESPACE, this.relayId],
      );
    } catch (err) {
      this.registered = false;
      throw err;
    }
  }

  /** LISTEN on a dedicated pooled connection; re-established after it breaks. */
  private async listen(): Promise<void> {
    if (this.listener) return;
    const client = await this.pool().connect();
    client.on('notification', () => this.notify());
    // pg may emit 'error' more than once for one lost connection; releasing twice would throw inside the emitter.
    let released = false;
    const releaseOnce = (destroy: boolean): void => {
      if (released) return;
      released = true;
      client.release(destroy);
    };
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      this.registered = false;
      releaseOnce(true);
    });
    this.releaseListener = releaseOnce;
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    if (this.gatedNotify === undefined) {
      const [{ gated }] = (await client.query(`SELECT to_regclass('outbox_waiting_relay') IS NOT NULL AS gated`)).rows;
      this.gatedNotify = gated === true;
    }
    this.listener = client;
  }

  private async unlisten(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    if (!client) return;
    await client.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => undefined);
    this.releaseListener?.(false);
    this.releaseListener = undefined;
  }
}
