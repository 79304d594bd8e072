export {
  encodeEvent,
  encodeStoredEvent,
  decodeEvent,
  headersAsStrings,
  CE_SPEC_VERSION,
  JSON_CONTENT_TYPE,
  EVENT_TYPE_PATTERN,
} from './lib/envelope/event-envelope';
export type {
  DecodeMode,
  EventEnvelope,
  NewEvent,
  EncodedEvent,
  RawKafkaMessage,
  StoredEvent,
  TraceHeaders,
} from './lib/envelope/event-envelope';
export { MalformedEventError } from './lib/envelope/event-envelope.errors';

export {
  Topics,
  TOPIC_REGISTRY,
  DLQ_SUFFIX,
  DLQ_PARTITIONS,
  DLQ_RETENTION_MS,
  dlqTopicOf,
  isDlqTopic,
  originalTopicOf,
  dlqTopicDefinitionOf,
  topicDefinition,
  allTopicDefinitions,
  topicConfigEntries,
} from './lib/topics/topic-registry';
export type { TopicDefinition, TopicName, CleanupPolicy } from './lib/topics/topic-registry';
export { ensureTopics } from './lib/topics/ensure-topics';
export type { EnsureTopicsOptions, EnsureTopicsResult } from './lib/topics/ensure-topics';

export { EVENT_CONTRACTS, findEventContract, isKnownEventType } from './lib/events/event-contracts';
export type { EventContract } from './lib/events/event-contracts';
export * from './lib/events/intel/intel.enums';
export { ReportSubmittedEvent } from './lib/events/intel/report-submitted.event';
export { ReportRevisedEvent } from './lib/events/intel/report-revised.event';
export { ReportPurgedEvent } from './lib/events/intel/report-purged.event';
export { MatchFoundEvent } from './lib/events/intel/match-found.event';
export { AccessRecordedEvent } from './lib/events/intel/access-recorded.event';
export { FeedbackRecordedEvent } from './lib/events/intel/feedback-recorded.event';
export { OperationChangedEvent } from './lib/events/intel/operation-changed.event';
export { LedgerCreatedEvent } from './lib/events/budget/ledger-created.event';
export { AuditEntryAppendedEvent, AUDIT_LOG_KEY, SHA256_HEX_PATTERN } from './lib/events/budget/audit-entry-appended.event';
export { TreeHeadSignedEvent } from './lib/events/budget/tree-head-signed.event';
export { RecommendationOverdueEvent, AUDIT_RATINGS, AUDIT_OWNER_PATTERN } from './lib/events/budget/recommendation-overdue.event';
export type { AuditRating } from './lib/events/budget/recommendation-overdue.event';
export { MissionNewsEvent, MISSION_NEWS } from './lib/events/assistance/mission-news.event';
export type { MissionNews } from './lib/events/assistance/mission-news.event';
export { RequestMovedEvent, REQUEST_STATES } from './lib/events/assistance/request-moved.event';
export type { RequestState } from './lib/events/assistance/request-moved.event';
export { FundingRequestedEvent } from './lib/events/funding/funding-requested.event';
export { FundingCostPostedEvent } from './lib/events/funding/funding-cost-posted.event';
export { FundingCancelledEvent } from './lib/events/funding/funding-cancelled.event';
export { WebhookCreatedEvent } from './lib/events/gateway/webhook-created.event';
export {
  FundingReservedEvent,
  FundingRejectedEvent,
  FundingPostedEvent,
  FundingReleasedEvent,
} from './lib/events/funding/funding-answers.event';
export { MAX_AMOUNT_CENTS, BUDGET_LINE_CODE_PATTERN, FUNDING_REJECTION_REASONS } from './lib/events/funding/funding.amounts';
export type { FundingRejectionReason } from './lib/events/funding/funding.amounts';
export {
  PublicationChangePayload,
  PublicationReleasedEvent,
  PublicationRevisedEvent,
  PublicationWithdrawnEvent,
  PublicationEmbargoLiftedEvent,
  PublicationAccessChangedEvent,
  PublicationNotificationEvent,
  PUBLICATION_ACCESS_LEVELS,
} from './lib/events/research/publication-change.event';

export { validateEventPayload, validateAgainst, validateWithClassValidator } from './lib/validation/validate-event-payload';
export { flattenValidationErrors } from './lib/validation/flatten-validation-errors';
export type { FieldError } from './lib/validation/flatten-validation-errors';
export { ContractViolationError } from './lib/validation/contract-violation.errors';
export type { ContractViolation } from './lib/validation/contract-violation.errors';

export { canonicalJson } from './lib/canonical-json';
