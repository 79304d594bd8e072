/* Writes deploy/kafka/topics.yaml (Strimzi KafkaTopic resources) from the topic registry in libs/contracts, so the
 * cluster's topics are the ones the services create locally. `npm test` fails when the file is stale:
 *   SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register scripts/generate-k8s-topics.ts */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderKafkaTopics } from '../deploy/kafka-topics.render';

const target = join(__dirname, '../deploy/kafka/topics.yaml');
writeFileSync(target, renderKafkaTopics());
console.log(`wrote ${target}`);
