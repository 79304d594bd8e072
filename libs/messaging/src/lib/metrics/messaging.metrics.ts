import { Counter, Gauge, register } from 'prom-client';

function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

function gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
  return (register.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames });
}

/** Metrics of the event backbone, on prom-client's default registry (served at /metrics by the apps). */
export const messagingMetrics = {
  outboxBacklog: gauge('outbox_backlog', 'Outbox rows waiting to be published', []),
  outboxPublished: counter('outbox_published_total', 'Outbox events published to Kafka (acked)', ['topic']),
  outboxPublishFailures: counter('outbox_publish_failures_total', 'Failed outbox publish attempts (batch rolled back)', []),
  consumerLag: gauge('consumer_lag', 'High watermark minus the next offset to process', ['group', 'topic', 'partition']),
  consumerProcessed: counter('consumer_processed_total', 'Events whose handler ran and committed', ['group', 'topic']),
  consumerDuplicates: counter('consumer_duplicates_total', 'Redelivered events skipped by the inbox', ['group', 'topic']),
  dlqMessages: counter('dlq_messages_total', 'Events sent to a dead-letter topic', ['group', 'topic', 'reason']),
};
