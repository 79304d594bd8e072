export { OutboxWriter } from './lib/outbox/outbox-writer';
export type { OutboxEvent } from './lib/outbox/outbox-writer';
export { OutboxRelay } from './lib/outbox/outbox-relay';
export type { OutboxRelayOptions } from './lib/outbox/outbox-relay';
export { OutboxMessageEntity } from './lib/outbox/outbox-message.entity';
export { OUTBOX_SHARDS, OUTBOX_CHANNEL } from './lib/outbox/outbox.constants';
export { InboxMessageEntity } from './lib/inbox/inbox-message.entity';
export { CreateMessagingTables1767225600000 } from './lib/migrations/1767225600000-create-messaging-tables';
export { OutboxNotifyWhenRelayWaits1767657600000 } from './lib/migrations/1767657600000-outbox-notify-when-relay-waits';
export { OutboxPayloadAsWritten1796256000000 } from './lib/migrations/1796256000000-outbox-payload-as-written';
export { MESSAGING_MIGRATIONS } from './lib/migrations/messaging-migrations';

export { ConsumerRunner, inEventTrace, onEvent, onEvents } from './lib/consumer/consumer-runner';
export { captureTraceContext, contextFrom } from './lib/tracing/trace-context';
export type { TraceCarrier } from './lib/tracing/trace-context';
export type {
  BatchEventHandler,
  ConsumerRunnerOptions,
  EventHandler,
  EventHandlerBinding,
  HandledEvent,
} from './lib/consumer/consumer-runner';
export { RetriableError, PoisonEventError } from './lib/consumer/consumer.errors';

export { DlqHeaders, readDeadLetter } from './lib/dlq/dead-letter';
export type { DeadLetterInfo } from './lib/dlq/dead-letter';
export { replayDeadLetters } from './lib/dlq/replay-dead-letters';
export type { ReplayOptions, ReplayReport, ReplayedLetter } from './lib/dlq/replay-dead-letters';

export { messagingMetrics, notificationDeliveries, recordNotificationDelivery } from './lib/metrics/messaging.metrics';
export type { NotificationDeliveryOutcome } from './lib/metrics/messaging.metrics';
export { MetricsSampler } from './lib/metrics/metrics-sampler';
export type { MetricsSamplerOptions } from './lib/metrics/metrics-sampler';
export { sagaStateGauge } from './lib/metrics/sql-gauge';
export type { SqlGauge } from './lib/metrics/sql-gauge';
export { createKafka, kafkaConnectionOptions } from './lib/kafka/kafka-client';
export type { KafkaClientOptions } from './lib/kafka/kafka-client';
export type { BackoffOptions } from './lib/backoff';

export { MessagingModule, MessagingLifecycle, MESSAGING_OPTIONS } from './lib/nest/messaging.module';
export type { MessagingModuleOptions, MessagingModuleAsyncOptions } from './lib/nest/messaging.module';
export { KafkaEventTransport } from './lib/nest/kafka-event.transport';
export type { KafkaEventTransportOptions, EventPatternExtras } from './lib/nest/kafka-event.transport';
export { EventContext } from './lib/nest/event-context';
export type { EventEnvelopeInfo } from './lib/nest/event-context';
export { EventErrorFilter } from './lib/nest/event-error.filter';
