import { Counter, Gauge, register } from 'prom-client';

function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

function gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
  return (register.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames });
}

/**
 * Metrics of the event backbone, on prom-client's default registry (served at /metrics by the apps). The names
 * are what observability/ (dashboards, alert rules) queries: renaming one is a change there too, which
 * observability/observability.int-spec.ts checks against a running service.
 */
export const messagingMetrics = {
  outboxBacklog: gauge('outbox_backlog', 'Outbox rows waiting to be published', []),
  outboxOldestAge: gauge('outbox_oldest_age_seconds', 'Age of the oldest outbox row waiting to be published (0 when empty)', []),
  outboxPublished: counter('outbox_published_total', 'Outbox events published to Kafka (acked)', ['topic']),
  outboxPublishFailures: counter('outbox_publish_failures_total', 'Failed outbox publish attempts (batch rolled back)', []),
  outboxVacuums: counter('outbox_vacuums_total', 'VACUUMs of the outbox table run by the relay (after it deleted enough rows)', []),
  consumerLag: gauge('consumer_lag', 'High watermark minus the next offset to process, as this instance saw it in its last batch', [
    'group',
    'topic',
    'partition',
  ]),
  consumerGroupLag: gauge(
    'consumer_group_lag',
    "End offset minus the group's committed offset, sampled from the broker (kafkajs admin) every few seconds",
    ['group', 'topic', 'partition'],
  ),
  consumerProcessed: counter('consumer_processed_total', 'Events whose handler ran and committed', ['group', 'topic']),
  consumerDuplicates: counter('consumer_duplicates_total', 'Redelivered events skipped by the inbox', ['group', 'topic']),
  dlqMessages: counter('dlq_messages_total', 'Events sent to a dead-letter topic', ['group', 'topic', 'reason']),
  dlqSize: gauge('dlq_size', 'Messages kept on a dead-letter topic (end minus start offsets over its partitions), sampled', ['topic']),
  samplingErrors: counter('metrics_sampling_errors_total', 'Failed samples of the sampled metrics, by source', ['source']),
};

/**
 * What happened to one delivery attempt of a notification to a Member (gateway: SSE and webhooks):
 * `delivered` (the Member's endpoint accepted it, or the SSE stream sent it), `failed` (the attempt failed and
 * will be retried), `given_up` (retries exhausted, or the endpoint was disabled: the delivery will not be tried
 * again without a manual redelivery).
 */
export type NotificationDeliveryOutcome = 'delivered' | 'failed' | 'given_up';

/** `wco_notification_deliveries_total{outcome}`: one increment per delivery attempt. */
export const notificationDeliveries = counter(
  'wco_notification_deliveries_total',
  'Notification delivery attempts to Members by outcome (delivered, failed, given_up)',
  ['outcome'],
);

export function recordNotificationDelivery(outcome: NotificationDeliveryOutcome, count = 1): void {
  notificationDeliveries.inc({ outcome }, count);
}
