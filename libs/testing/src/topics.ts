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
