import { Logger } from '@nestjs/common';
import type { KafkaSecurityConfig } from '@wco/config';
import { dlqTopicOf } from '@wco/contracts';
import { Gauge, register } from 'prom-client';
import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { runningConsumers } from '../consumer/running-consumers';
import { createKafka } from '../kafka/kafka-client';
import { messagingMetrics } from './messaging.metrics';
import type { SqlGauge } from './sql-gauge';

export interface MetricsSamplerOptions {
  dataSource: DataSource;
  brokers: string[];
  security?: KafkaSecurityConfig;
  clientId?: string;
  /** Time between samples. Default 15 s, Prometheus' usual scrape interval. */
  intervalMs?: number;
  /** Gauges the service reads from its own tables (saga states). */
  sqlGauges?: SqlGauge[];
}

type Source = 'outbox' | 'consumer_lag' | 'dlq' | 'sql_gauge';

/**
 * Samples what a request or an event does not update: the outbox backlog and the age of its oldest row, each
 * consumer group's lag on the broker (committed offset against the partitions' end offsets, kafkajs admin) and
 * the size of the DLQs of the topics this process consumes, and the services' SQL gauges. On a timer, not per
 * request or per scrape, so that a busy /metrics costs the database and the broker nothing; every instance
 * samples, and the dashboards and alerts take the max over instances. A failed source keeps its last values,
 * counts `metrics_sampling_errors_total{source}` and is logged once until it recovers.
 */
export class MetricsSampler {
  private readonly logger = new Logger(MetricsSampler.name);
  private readonly kafka: Kafka;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly failing = new Set<Source>();
  private readonly sqlGauges = new Map<string, { gauge: Gauge<string>; definitions: SqlGauge[] }>();

  constructor(private readonly options: MetricsSamplerOptions) {
    this.kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? 'metrics-sampler', security: options.security });
    for (const definition of options.sqlGauges ?? []) {
      const entry = this.sqlGauges.get(definition.name);
      if (entry) {
        if (entry.definitions[0].labelNames.join() !== definition.labelNames.join())
          throw new Error(`SQL gauges named ${definition.name} have different label names`);
        entry.definitions.push(definition);
        continue;
      }
      const existing = register.getSingleMetric(definition.name) as Gauge<string> | undefined;
      const gauge = existing ?? new Gauge({ name: definition.name, help: definition.help, labelNames: definition.labelNames });
      this.sqlGauges.set(definition.name, { gauge, definitions: [definition] });
    }
  }

  start(): void {
    if (this.timer) return;
    // A sample still running when the next is due is not doubled (a slow broker must not pile up admin calls).
    const tick = (): void => {
      this.running ??= this.sample().finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.options.intervalMs ?? 15_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** One sample of every source (the timer calls it; tests call it to read the metrics at a known point). */
  async sample(): Promise<void> {
    await Promise.all([
      this.guard('outbox', () => this.sampleOutbox()),
      this.guard('consumer_lag', () => this.sampleConsumerLag()),
      this.guard('dlq', () => this.sampleDeadLetterQueues()),
      this.guard('sql_gauge', () => this.sampleSqlGauges()),
    ]);
  }

  private async guard(source: Source, run: () => Promise<void>): Promise<void> {
    try {
      await run();
      if (this.failing.delete(source)) this.logger.log(`sampling ${source} recovered`);
    } catch (err) {
      messagingMetrics.samplingErrors.inc({ source });
      if (!this.failing.has(source)) this.logger.warn(`sampling ${source} failed: ${(err as Error).message}`);
      this.failing.add(source);
      if (source !== 'outbox' && source !== 'sql_gauge') await this.resetAdmin();
    }
  }

  private async sampleOutbox(): Promise<void> {
    const [row] = (await this.options.dataSource.query(
      `SELECT count(*)::int AS rows, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age FROM outbox`,
    )) as { rows: number; age: number }[];
    messagingMetrics.outboxBacklog.set(row.rows);
    messagingMetrics.outboxOldestAge.set(Math.max(0, row.age));
  }

  /** Groups of this process with the union of their topics (one group may run in several runners). */
  private groups(): Map<string, Set<string>> {
    const groups = new Map<string, Set<string>>();
    for (const c of runningConsumers.list()) {
      const topics = groups.get(c.groupId) ?? new Set<string>();
      for (const t of c.topics) topics.add(t);
      groups.set(c.groupId, topics);
    }
    return groups;
  }

  private async sampleConsumerLag(): Promise<void> {
    const groups = this.groups();
    if (groups.size === 0) {
      messagingMetrics.consumerGroupLag.reset();
      return;
    }
    const admin = await this.connectedAdmin();
    const ends = new Map<string, Promise<Map<number, { high: number; low: number }>>>();
    const endsOf = (topic: string) => {
      let pending = ends.get(topic);
      if (!pending) {
        pending = admin
          .fetchTopicOffsets(topic)
          .then((parts) => new Map(parts.map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }])));
        ends.set(topic, pending);
      }
      return pending;
    };
    const series: { labels: { group: string; topic: string; partition: string }; lag: number }[] = [];
    for (const [groupId, topics] of groups) {
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        const end = await endsOf(topic);
        for (const { partition, offset } of partitions) {
          const e = end.get(partition);
          if (!e) continue;
          // No committed offset yet: everything the topic keeps is still to be read.
          const from = Number(offset) < 0 ? e.low : Number(offset);
          series.push({ labels: { group: groupId, topic, partition: String(partition) }, lag: Math.max(0, e.high - from) });
        }
      }
    }
    messagingMetrics.consumerGroupLag.reset();
    for (const s of series) messagingMetrics.consumerGroupLag.set(s.labels, s.lag);
  }

  private async sampleDeadLetterQueues(): Promise<void> {
    const dlqs = [...new Set([...this.groups().values()].flatMap((topics) => [...topics].map((t) => dlqTopicOf(t))))];
    if (dlqs.length === 0) {
      messagingMetrics.dlqSize.reset();
      return;
    }
    const admin = await this.connectedAdmin();
    const sizes: [string, number][] = [];
    for (const topic of dlqs) {
      const parts = await admin.fetchTopicOffsets(topic);
      sizes.push([topic, parts.reduce((n, p) => n + Math.max(0, Number(p.high) - Number(p.low)), 0)]);
    }
    messagingMetrics.dlqSize.reset();
    for (const [topic, size] of sizes) messagingMetrics.dlqSize.set({ topic }, size);
  }

  private async sampleSqlGauges(): Promise<void> {
    for (const { gauge, definitions } of this.sqlGauges.values()) {
      const rows: { labels: Record<string, string>; value: number }[] = [];
      for (const d of definitions) {
        for (const row of (await this.options.dataSource.query(d.sql)) as Record<string, unknown>[]) {
          const value = Number(row['value']);
          if (!Number.isFinite(value)) throw new Error(`SQL gauge ${d.name}: a row without a numeric value column`);
          rows.push({ labels: Object.fromEntries(d.labelNames.map((l) => [l, String(row[l] ?? '')])), value });
        }
      }
      gauge.reset();
      for (const r of rows) gauge.set(r.labels, r.value);
    }
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
    return admin;
  }

  private async resetAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
