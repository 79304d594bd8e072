import {
  allTopicDefinitions,
  dlqTopicDefinitionOf,
  dlqTopicOf,
  originalTopicOf,
  TOPIC_REGISTRY,
  topicConfigEntries,
  topicDefinition,
} from './topic-registry';

describe('topic registry', () => {
  // Two branches registering the same topic merge without a conflict; a second definition must still be refused.
  it('defines each topic once', () => {
    const names = TOPIC_REGISTRY.map((t) => t.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('lists the intel topics with their partition counts', () => {
    const intel = TOPIC_REGISTRY.filter((t) => t.name.startsWith('intel.'));
    expect(Object.fromEntries(intel.map((t) => [t.name, t.partitions]))).toEqual({
      'intel.operation.v1': 6,
      'intel.report.v1': 12,
      'intel.match.v1': 12,
      'intel.feedback.v1': 6,
      'intel.access.v1': 12,
      'intel.lifecycle.v1': 6,
    });
  });

  it('keeps the access audit stream forever and never compacts it', () => {
    const access = topicDefinition('intel.access.v1');
    expect(topicConfigEntries(access)).toEqual([
      { name: 'retention.ms', value: '-1' },
      { name: 'cleanup.policy', value: 'delete' },
    ]);
  });

  it('keeps the dead letters of an audit stream as long as the stream: forever', () => {
    for (const dlq of [dlqTopicDefinitionOf(topicDefinition('intel.access.v1')), dlqTopicDefinitionOf('intel.access.v1')]) {
      expect({ name: dlq.name, config: topicConfigEntries(dlq) }).toEqual({
        name: 'intel.access.v1.dlq',
        config: [
          { name: 'retention.ms', value: '-1' },
          { name: 'cleanup.policy', value: 'delete' },
        ],
      });
    }
  });

  it('pairs every topic with a 3-partition, 30-day dead-letter topic', () => {
    const all = allTopicDefinitions();
    expect(all).toHaveLength(TOPIC_REGISTRY.length * 2);
    const dlq = dlqTopicDefinitionOf(topicDefinition('intel.report.v1'));
    expect(dlq).toMatchObject({ name: 'intel.report.v1.dlq', partitions: 3, retentionMs: 30 * 24 * 3600 * 1000 });
    expect(all.map((t) => t.name)).toContain('intel.access.v1.dlq');
  });

  it('maps between a topic and its dead-letter topic', () => {
    expect(dlqTopicOf('intel.match.v1')).toBe('intel.match.v1.dlq');
    expect(originalTopicOf('intel.match.v1.dlq')).toBe('intel.match.v1');
    expect(() => dlqTopicOf('intel.match.v1.dlq')).toThrow(/already a dead-letter topic/);
    expect(() => originalTopicOf('intel.match.v1')).toThrow(/not a dead-letter topic/);
    expect(() => topicDefinition('nope.v1')).toThrow(/unknown topic "nope.v1"/);
  });

  it('names every topic <domain>.<aggregate>.v<major> with a key description', () => {
    for (const t of TOPIC_REGISTRY) {
      expect(t.name).toMatch(/^[a-z]+\.[a-z]+\.v[1-9]\d*$/);
      expect(t.key).not.toHaveLength(0);
    }
  });
});
