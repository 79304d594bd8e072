import { allTopicDefinitions, topicConfigEntries } from '@wco/contracts';

/** Strimzi KafkaTopic resources for every topic of the registry in libs/contracts and its dead-letter topic. */
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
