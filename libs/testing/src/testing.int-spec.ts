import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createTestDatabase, createTopics, DedicatedBroker, testInfra, uniqueTopic } from './index';

describe('test infrastructure helpers', () => {
  it('creates a throw-away database that accepts writes and is gone after drop()', async () => {
    const db = await createTestDatabase('helpers');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query('CREATE TABLE t (v int)');
    await c.query('INSERT INTO t VALUES (42)');
    expect((await c.query('SELECT v FROM t')).rows).toEqual([{ v: 42 }]);
    await c.end();
    await db.drop();
    const admin = new Client({ connectionString: testInfra().databaseUrl });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });

  it('creates unique topics with the requested partition count on the shared broker', async () => {
    const { kafkaBrokers } = testInfra();
    const a = uniqueTopic('helpers');
    expect(uniqueTopic('helpers')).not.toBe(a);
    await createTopics(kafkaBrokers, [{ topic: a, numPartitions: 3 }]);
    const admin = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [a] });
    await admin.disconnect();
    expect(meta.topics[0].partitions).toHaveLength(3);
  });

  it('runs a dedicated broker that survives kill -9 and keeps its data', async () => {
    const broker = new DedicatedBroker();
    try {
      await broker.start();
      const topic = uniqueTopic('crash');
      await createTopics(broker.brokers, [{ topic }]);
      const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before-crash' }] });
      await producer.disconnect();
      await broker.kill9();
      await broker.restart();
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      expect(offsets[0].high).toBe('1');
    } finally {
      await broker.stop();
    }
  }, 120_000);
});
