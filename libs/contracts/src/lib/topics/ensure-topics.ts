import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { allTopicDefinitions, topicConfigEntries, type TopicDefinition } from './topic-registry';

export interface EnsureTopicsOptions {
  /** 1 on a single local broker; 3 on a production cluster. */
  replicationFactor?: number;
  clientId?: string;
  /** SASL/TLS options of the principal that creates topics (@wco/messaging's kafkaConnectionOptions). */
  connection?: Pick<KafkaConfig, 'sasl' | 'ssl'>;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  /** Existing topics with fewer partitions than the registry asks for (never changed automatically). */
  partitionMismatches: { topic: string; expected: number; actual: number }[];
}

/** Creates the registry's topics that do not exist yet, with explicit partitions and configs. Idempotent. */
export async function ensureTopics(
  brokers: string[],
  topics: TopicDefinition[] = allTopicDefinitions(),
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const admin = new Kafka({ clientId: options.clientId ?? 'wco-topics', brokers, logLevel: logLevel.WARN, ...options.connection }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !present.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: options.replicationFactor ?? 1,
          configEntries: topicConfigEntries(t),
        })),
      });
    }
    const existing = topics.filter((t) => present.has(t.name));
    const partitionMismatches: EnsureTopicsResult['partitionMismatches'] = [];
    if (existing.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: existing.map((t) => t.name) });
      for (const t of existing) {
        const actual = meta.topics.find((m) => m.name === t.name)?.partitions.length ?? 0;
        if (actual < t.partitions) partitionMismatches.push({ topic: t.name, expected: t.partitions, actual });
      }
    }
    return { created: missing.map((t) => t.name), existing: existing.map((t) => t.name), partitionMismatches };
  } finally {
    await admin.disconnect();
  }
}
