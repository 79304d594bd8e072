import { dlqTopicDefinitionOf, ensureTopics, type TopicDefinition } from '@wco/contracts';
import { testInfra, uniqueTopic } from '@wco/testing';
import { Kafka, logLevel } from 'kafkajs';

// Lives here rather than in libs/contracts: contracts may not depend on @wco/testing (module boundaries).
describe('ensureTopics from @wco/contracts (real Kafka)', () => {
  const { kafkaBrokers } = testInfra();

  it('creates missing topics with their partitions and retention, and is idempotent', async () => {
    const audit: TopicDefinition = {
      name: uniqueTopic('audit'),
      partitions: 4,
      retentionMs: 'forever',
      cleanupPolicy: 'delete',
      key: 'entry id',
      description: 'test audit stream',
    };
    const topics = [audit, dlqTopicDefinitionOf(audit)];
    const first = await ensureTopics(kafkaBrokers, topics);
    expect(first.created).toEqual([audit.name, `${audit.name}.dlq`]);
    const second = await ensureTopics(kafkaBrokers, topics);
    expect(second).toEqual({ created: [], existing: [audit.name, `${audit.name}.dlq`], partitionMismatches: [] });

    const admin = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [audit.name, `${audit.name}.dlq`] });
      // Metadata comes back in no particular order.
      const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({ [audit.name]: 4, [`${audit.name}.dlq`]: 3 });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [audit.name, `${audit.name}.dlq`].map((name) => ({ type: 2, name, configNames: ['retention.ms', 'cleanup.policy'] })),
      });
      const values = Object.fromEntries(
        configs.resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((c) => [c.configName, c.configValue]))]),
      );
      expect(values).toEqual({
        [audit.name]: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
        // The dead letters of an audit stream are part of the audit trail: kept forever too.
        [`${audit.name}.dlq`]: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
      });
    } finally {
      await admin.disconnect();
    }
  });
});
