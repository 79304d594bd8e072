/* Writes deploy/kafka/topics.yaml (Strimzi KafkaTopic resources) from the topic registry in libs/contracts, so the
 * cluster's topics are the ones the services create locally. `npm test` fails when the file is stale:
 *   SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register scripts/generate-k8s-topics.ts */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopicDefinitions, topicConfigEntries } from '@wco/contracts';

export function renderKafkaTopics(cluster = 'wco-kafka', replicas = 3): string {
  const header = [
    '# Generated from the topic registry in libs/contracts by scripts/generate-k8s-topics.ts: do not edit by hand.',
    '# Each topic has its dead-letter topic `<topic>.dlq`. Partitions bound consumer parallelism: a consumer group',
    '# never has more busy members than partitions. retention.ms=-1 keeps an audit stream forever.',
  ];
  const docs = allTopicDefinitions().map((t) =>
    [
      'apiVersion: kafka.strimzi.io/v1',
      'kind: KafkaTopic',
      'metadata:',
      `  name: ${t.name.replace(/\./g, '-')}`,
      '  labels:',
      `    strimzi.io/cluster: ${cluster}`,
      '  annotations:',
      `    wcoomd.org/description: ${JSON.stringify(t.description)}`,
      'spec:',
      `  topicName: ${t.name}`,
      `  partitions: ${t.partitions}`,
      `  replicas: ${replicas}`,
      '  config:',
      ...topicConfigEntries(t).map((c) => `    ${c.name}: ${/^-?\d+$/.test(c.value) ? c.value : JSON.stringify(c.value)}`),
    ].join('\n'),
  );
  return `${header.join('\n')}\n${docs.join('\n---\n')}\n`;
}

if (require.main === module) {
  const target = join(__dirname, '../deploy/kafka/topics.yaml');
  writeFileSync(target, renderKafkaTopics());
  console.log(`wrote ${target}`);
}
