/* Creates the platform's topics (and their .dlq companions) from the registry in @wco/contracts.
 * Usage: KAFKA_BROKERS=127.0.0.1:9092 [KAFKA_REPLICATION_FACTOR=3] node --require @swc-node/register scripts/create-topics.ts */
import { KafkaConnectionConfig, loadConfig } from '@wco/config';
import { ensureTopics } from '@wco/contracts';
import { kafkaConnectionOptions } from '@wco/messaging';

async function main(): Promise<void> {
  const kafka = loadConfig(KafkaConnectionConfig, process.env);
  const brokers = [...kafka.KAFKA_BROKERS];
  const rf = process.env['KAFKA_REPLICATION_FACTOR'];
  const replicationFactor = rf === undefined ? 1 : Number(rf);
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new Error(`KAFKA_REPLICATION_FACTOR must be a positive integer, got "${rf}"`);
  }
  const result = await ensureTopics(brokers, undefined, { replicationFactor, connection: kafkaConnectionOptions(kafka.kafkaSecurity) });
  console.log(`topics on ${brokers.join(',')}: ${result.created.length} created, ${result.existing.length} already present`);
  for (const t of result.created) console.log(`  + ${t}`);
  for (const m of result.partitionMismatches) {
    console.warn(`  ! ${m.topic} has ${m.actual} partitions, the registry asks for ${m.expected} (not changed automatically)`);
  }
}

main().catch((err: Error) => {
  console.error(`create-topics failed: ${err.message}`);
  process.exit(1);
});
