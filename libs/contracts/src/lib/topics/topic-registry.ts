export type CleanupPolicy = 'delete' | 'compact';

export interface TopicDefinition {
  name: string;
  partitions: number;
  /** How long Kafka keeps records; 'forever' sets retention.ms=-1 (audit streams). */
  retentionMs: number | 'forever';
  cleanupPolicy: CleanupPolicy;
  /** What the Kafka key is, so that per-key order means something. */
  key: string;
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DLQ_SUFFIX = '.dlq';
export const DLQ_PARTITIONS = 3;
export const DLQ_RETENTION_MS = 30 * DAY_MS;

/** Names of the platform's topics, `<domain>.<aggregate>.v<major>`. */
export const Topics = {
  IntelOperation: 'intel.operation.v1',
  IntelReport: 'intel.report.v1',
  IntelMatch: 'intel.match.v1',
  IntelFeedback: 'intel.feedback.v1',
  IntelAccess: 'intel.access.v1',
  IntelLifecycle: 'intel.lifecycle.v1',
  BudgetLedger: 'budget.ledger.v1',
  AssistanceMission: 'assistance.mission.v1',
  AssistanceRequest: 'assistance.request.v1',
  AssistanceFunding: 'assistance.funding.v1',
  BudgetFunding: 'budget.funding.v1',
  BudgetFollowup: 'budget.followup.v1',
  ResearchPublication: 'research.publication.v1',
  GatewayWebhook: 'gateway.webhook.v1',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Every event topic of the platform. Each has a `.dlq` companion (see dlqTopicDefinitionOf). */
export const TOPIC_REGISTRY: readonly TopicDefinition[] = Object.freeze([
  {
    name: Topics.IntelOperation,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'operation id',
    description: 'joint operations: created, participants admitted or removed, closed',
  },
  {
    name: Topics.IntelReport,
    partitions: 12,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'report id',
    description: 'seizure and intelligence reports submitted or revised (metadata only, no personal data)',
  },
  {
    name: Topics.IntelMatch,
    partitions: 12,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'match id',
    description: 'matches between reports, one event per Member to notify',
  },
  {
    name: Topics.IntelFeedback,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'report id',
    description: 'feedback and sightings recorded on reports',
  },
  {
    name: Topics.IntelAccess,
    partitions: 12,
    retentionMs: 'forever',
    cleanupPolicy: 'delete',
    key: 'report id',
    description: 'access receipts for reads of intelligence (audit stream: kept forever, never compacted)',
  },
  {
    name: Topics.IntelLifecycle,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'report id',
    description: 'reports purged or anonymised by the retention policy',
  },
  {
    name: Topics.BudgetLedger,
    partitions: 6,
    retentionMs: 'forever',
    cleanupPolicy: 'delete',
    key: 'ledger id',
    description: 'ledgers of budget-audit: created (audit stream: kept forever, never compacted)',
  },
  {
    name: Topics.AssistanceMission,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'mission id',
    description: 'mission news for the requesting Member (planned, funded, scheduled, delivered, cancelled); no personal data',
  },
  {
    name: Topics.AssistanceRequest,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'request id',
    description:
      'moves of assistance requests for the requesting Member (more information requested, approved, rejected, scheduled...); no personal data',
  },
  {
    name: Topics.AssistanceFunding,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'mission id',
    description: 'mission-funding saga, assistance side: funding requested, actual cost posted, cancelled',
  },
  {
    name: Topics.BudgetFunding,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'mission id',
    description: 'mission-funding saga, budget-audit side: funding reserved, rejected (with a reason code), posted, released',
  },
  {
    name: Topics.BudgetFollowup,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'recommendation id',
    description: 'audit follow-up of budget-audit: recommendations overdue, once per overdue episode (ids and ratings, no finding text)',
  },
  {
    name: Topics.ResearchPublication,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'publication id',
    description:
      'research publications: released, revised, withdrawn, embargo lifted, and one notification per subscriber to tell (ids, topics, access rule; no metadata of non-public records)',
  },
  {
    name: Topics.GatewayWebhook,
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    key: 'webhook id',
    description: 'webhooks of gateway: created',
  },
]);

export function dlqTopicOf(topic: string): string {
  if (topic.endsWith(DLQ_SUFFIX)) throw new Error(`"${topic}" is already a dead-letter topic`);
  return `${topic}${DLQ_SUFFIX}`;
}

export function isDlqTopic(topic: string): boolean {
  return topic.endsWith(DLQ_SUFFIX);
}

/** The original topic of a `<topic>.dlq`. */
export function originalTopicOf(dlqTopic: string): string {
  if (!isDlqTopic(dlqTopic)) throw new Error(`"${dlqTopic}" is not a dead-letter topic (no ${DLQ_SUFFIX} suffix)`);
  return dlqTopic.slice(0, -DLQ_SUFFIX.length);
}

/**
 * The dead-letter topic of a topic: 3 partitions, kept 30 days, except that the DLQ of an audit stream (kept forever)
 * is kept forever too: a receipt that failed a consumer is still part of the audit trail.
 */
export function dlqTopicDefinitionOf(topic: TopicDefinition | string): TopicDefinition {
  const name = typeof topic === 'string' ? topic : topic.name;
  const forever = (typeof topic === 'string' ? TOPIC_REGISTRY.find((t) => t.name === topic) : topic)?.retentionMs === 'forever';
  return {
    name: dlqTopicOf(name),
    partitions: DLQ_PARTITIONS,
    retentionMs: forever ? 'forever' : DLQ_RETENTION_MS,
    cleanupPolicy: 'delete',
    key: typeof topic === 'string' ? 'key of the original event' : topic.key,
    description: `dead letters of ${name}, with the error and origin in dlq-* headers`,
  };
}

export function topicDefinition(name: string): TopicDefinition {
  const found = TOPIC_REGISTRY.find((t) => t.name === name);
  if (!found) throw new Error(`unknown topic "${name}" (not in the topic registry of @wco/contracts)`);
  return found;
}

/** Every topic with its dead-letter companion, in creation order. */
export function allTopicDefinitions(): TopicDefinition[] {
  return TOPIC_REGISTRY.flatMap((t) => [t, dlqTopicDefinitionOf(t)]);
}

/** Kafka topic configs for a definition. */
export function topicConfigEntries(t: TopicDefinition): { name: string; value: string }[] {
  return [
    { name: 'retention.ms', value: t.retentionMs === 'forever' ? '-1' : String(t.retentionMs) },
    { name: 'cleanup.policy', value: t.cleanupPolicy },
  ];
}
