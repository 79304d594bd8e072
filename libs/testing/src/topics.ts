import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A topic name no other test file or run uses, so tests can share one broker. */
export function uniqueTopic(base: string): string {
  return `t.${base}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface TestTopic {
  topic: string;
  numPartitions?: number;
  configEntries?: { name: string; value: string }[];
}

export async function createTopics(brokers: string[], topics: TestTopic[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.numPartitions ?? 1,
        replicationFactor: 1,
        configEntries: t.configEntries,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } catch {
    // Best effort: a topic already gone is fine.
  } finally {
    await admin.disconnect();
  }
}

/**
 * A fresh consumer group whose committed offsets are the topics' current ends: a consumer of the registry's topics
 * (which a child service process publishes to) on the shared broker delivers only what is produced from now on, not
 * the history other runs left there.
 */
export async function groupAtTopicEnds(brokers: string[], prefix: string, topics: readonly string[]): Promise<string> {
  const group = `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      // Real offsets: resetOffsets would commit -1, which a consumer reads as "no offset" (and starts from the beginning).
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: group, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    }
  } finally {
    await admin.disconnect();
  }
  return group;
}
