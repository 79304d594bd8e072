import { FsTree } from 'nx/src/generators/tree';
import { parseAllDocuments } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { deployServiceGenerator, normalizeOptions, pluralOf, serviceGenerator } from './generator';
import { REPO_ROOT } from './testing/scratch-workspace';

// The repository as it is, changed in memory only: nothing here is written to disk.
const repo = (): FsTree => new FsTree(REPO_ROOT, false);

describe('service generator options', () => {
  // intel-exchange, budget-audit, assistance and research-catalogue listen on 3001 to 3004.
  it('takes the port one above the highest any service uses', () => {
    expect(normalizeOptions(repo(), { name: 'research-library', domain: 'library', aggregate: 'loan', scope: 'research' }).port).toBe(3005);
  });

  it('names the topic, event type, classes and database after the options', () => {
    const o = normalizeOptions(repo(), { name: 'research-library', domain: 'library', aggregate: 'entry', scope: 'research' });
    expect(o).toMatchObject({
      className: 'ResearchLibrary',
      plural: 'entries',
      pluralClass: 'Entries',
      scope: 'research',
      topic: 'library.entry.v1',
      topicKey: 'LibraryEntry',
      eventClass: 'EntryCreatedEvent',
      eventType: 'org.wcoomd.library.entry.created.v1',
      dbName: 'research_library',
    });
  });

  it('refuses, listing every problem at once, what would break the workspace', () => {
    expect(() => normalizeOptions(repo(), { name: 'Intel_Exchange', domain: 'Intel', aggregate: 'two words', scope: 'nowhere' })).toThrow(
      /name "Intel_Exchange" must be kebab-case[\s\S]*domain "Intel"[\s\S]*aggregate "two words"[\s\S]*scope "nowhere"/,
    );
    expect(() => normalizeOptions(repo(), { name: 'intel-exchange', domain: 'intel', aggregate: 'sighting' })).toThrow(
      /apps\/intel-exchange already exists/,
    );
    expect(() => normalizeOptions(repo(), { name: 'intel-two', domain: 'intel', aggregate: 'report' })).toThrow(
      /topic intel.report.v1 is already in the registry/,
    );
    expect(() => normalizeOptions(repo(), { name: 'budget-other', domain: 'budget', aggregate: 'grant', port: 3001 })).toThrow(
      /port 3001 is already used by intel-exchange/,
    );
    expect(() => normalizeOptions(repo(), { name: 'misc', domain: 'misc', aggregate: 'thing' })).toThrow(/scope "misc" must be one of/);
    expect(() => normalizeOptions(repo(), { name: 'misc', domain: 'budget', aggregate: 'argument' })).toThrow(
      /"arguments" is a reserved word/,
    );
  });

  it('generates twice in one tree only once: the second service gets the next port, the same name is refused', async () => {
    const tree = repo();
    await serviceGenerator(tree, {
      name: 'budget-grants',
      domain: 'grant',
      aggregate: 'award',
      scope: 'budget',
      migrationTimestamp: 1767484800000,
    });
    expect(normalizeOptions(tree, { name: 'assistance-two', domain: 'help', aggregate: 'visit', scope: 'assistance' }).port).toBe(3006);
    await expect(
      serviceGenerator(tree, { name: 'budget-grants', domain: 'grant', aggregate: 'commitment', scope: 'budget' }),
    ).rejects.toThrow(/already exists/);
  });

  it('pluralises English nouns for routes', () => {
    expect(['ledger', 'entry', 'process', 'mission', 'key'].map(pluralOf)).toEqual(['ledgers', 'entries', 'processes', 'missions', 'keys']);
  });
});

interface KafkaUserDoc {
  metadata: { name: string };
  spec: { authentication: { type: string }; authorization: { acls: { resource: { type: string; name: string }; operations: string[] }[] } };
}

describe('the deploy part of a service (service-deploy, --deployOnly)', () => {
  const SERVICES = [
    { name: 'budget-audit', domain: 'budget', aggregate: 'ledger' },
    { name: 'assistance', domain: 'assistance', aggregate: 'mission' },
    { name: 'research-catalogue', domain: 'research', aggregate: 'publication' },
  ];
  const users = (tree: FsTree): KafkaUserDoc[] =>
    parseAllDocuments(tree.read('deploy/kafka/users.yaml', 'utf-8') ?? '').map((d) => d.toJS() as KafkaUserDoc);
  const topicAcls = (tree: FsTree, user: string): string[] =>
    (users(tree).find((u) => u.metadata.name === user)?.spec.authorization.acls ?? [])
      .filter((a) => a.resource.type === 'topic')
      .map((a) => `${a.resource.name}:${[...a.operations].sort().join('+')}`);

  it('is what the committed deploy files of the generated services already are: re-running it changes nothing', async () => {
    const tree = repo();
    for (const service of SERVICES) await deployServiceGenerator(tree, service);
    expect(tree.listChanges().map((c) => `${c.type} ${c.path}`)).toEqual([]);
  });

  it('restores a missing KafkaUser, its DLQ replay rights and its base wiring, and leaves apps/ and the registry alone', async () => {
    const tree = repo();
    const docs = parseAllDocuments(tree.read('deploy/kafka/users.yaml', 'utf-8') ?? '').filter(
      (d) => d.getIn(['metadata', 'name']) !== 'assistance',
    );
    for (const d of docs) {
      const acls = d.getIn(['spec', 'authorization', 'acls']) as YAMLSeq<YAMLMap>;
      acls.items = acls.items.filter((a) => !String(a.getIn(['resource', 'name'])).startsWith('assistance.'));
    }
    tree.write('deploy/kafka/users.yaml', docs.map((d) => d.toString()).join(''));
    tree.write(
      'deploy/base/assistance/kustomization.yaml',
      (tree.read('deploy/base/assistance/kustomization.yaml', 'utf-8') ?? '').replace(/:9093/, ':9092'),
    );
    expect(topicAcls(tree, 'assistance')).toEqual([]);
    expect(topicAcls(tree, 'dlq-replay').filter((a) => a.startsWith('assistance.'))).toEqual([]);

    await deployServiceGenerator(tree, SERVICES[1]);
    expect(users(tree).find((u) => u.metadata.name === 'assistance')?.spec.authentication.type).toBe('scram-sha-512');
    expect(topicAcls(tree, 'assistance')).toEqual(['assistance.mission.v1:Describe+Write']);
    expect(topicAcls(tree, 'dlq-replay')).toEqual(
      expect.arrayContaining(['assistance.mission.v1.dlq:Describe+Read', 'assistance.mission.v1:Describe+Write']),
    );
    expect(tree.read('deploy/base/assistance/kustomization.yaml', 'utf-8')).toContain('KAFKA_BROKERS=wco-kafka-kafka-bootstrap:9093');
    expect(
      tree
        .listChanges()
        .map((c) => c.path)
        .filter((p) => !p.startsWith('deploy/')),
    ).toEqual([]);
  });

  it('adds a further aggregate topic of an existing service to its row, its KafkaUser, the DLQ replay rights and topics.yaml', async () => {
    const tree = repo();
    const registry = 'libs/contracts/src/lib/topics/topic-registry.ts';
    const commitment = `  {\n    name: 'budget.commitment.v1',\n    partitions: 6,\n    retentionMs: 30 * DAY_MS,\n    cleanupPolicy: 'delete',\n    key: 'commitment id',\n    description: 'commitments',\n  },\n]);`;
    tree.write(registry, (tree.read(registry, 'utf-8') ?? '').replace(/\n\]\);/, `\n${commitment}`));
    // The service's row and rights as committed (its other topics and what it consumes) are kept; the new topic is added.
    // The row as topic lists, whatever line breaks Prettier gave it.
    const rowOf = (source: string): { produces: string[]; consumes: string[] } => {
      const row = source.replace(/\s+/g, ' ').match(/'budget-audit': \{ produces: \[([^\]]*)\], consumes: \[([^\]]*)\],? \}/);
      if (!row) throw new Error('no budget-audit row in deploy/kafka-principals.ts');
      const list = (items: string) =>
        items
          .split(',')
          .map((t) => t.trim().replace(/^'|'$/g, ''))
          .filter(Boolean);
      return { produces: list(row[1]), consumes: list(row[2]) };
    };
    const before = rowOf(tree.read('deploy/kafka-principals.ts', 'utf-8') ?? '');
    const aclsBefore = topicAcls(tree, 'budget-audit');
    await deployServiceGenerator(tree, { name: 'budget-audit', domain: 'budget', aggregate: 'commitment' });
    expect(rowOf(tree.read('deploy/kafka-principals.ts', 'utf-8') ?? '')).toEqual({
      produces: [...before.produces, 'budget.commitment.v1'],
      consumes: before.consumes,
    });
    expect(topicAcls(tree, 'budget-audit')).toEqual([...aclsBefore, 'budget.commitment.v1:Describe+Write']);
    expect(topicAcls(tree, 'dlq-replay')).toEqual(
      expect.arrayContaining(['budget.commitment.v1.dlq:Describe+Read', 'budget.commitment.v1:Describe+Write']),
    );
    expect(topicAcls(tree, 'auditor').filter((a) => a.startsWith('budget.commitment'))).toEqual([]);
    expect(tree.read('deploy/kafka/topics.yaml', 'utf-8')).toContain('topicName: budget.commitment.v1.dlq');
  });

  it('gives a new service kept forever its KafkaUser, the auditor read rights, its principal row and a DLQ kept forever', async () => {
    const tree = repo();
    await serviceGenerator(tree, {
      name: 'budget-grants',
      domain: 'grant',
      aggregate: 'award',
      scope: 'budget',
      keepForever: true,
      migrationTimestamp: 1767484800000,
    });
    expect(topicAcls(tree, 'budget-grants')).toEqual(['grant.award.v1:Describe+Write']);
    expect(topicAcls(tree, 'auditor')).toEqual(
      expect.arrayContaining(['grant.award.v1:Describe+Read', 'grant.award.v1.dlq:Describe+Read']),
    );
    expect(tree.read('deploy/kafka-principals.ts', 'utf-8')).toContain(`'budget-grants': { produces: ['grant.award.v1'], consumes: [] },`);
    const topics = parseAllDocuments(tree.read('deploy/kafka/topics.yaml', 'utf-8') ?? '').map(
      (d) => d.toJS() as { spec: { topicName: string; config: Record<string, unknown> } },
    );
    expect(
      topics.filter((t) => t.spec.topicName.startsWith('grant.')).map((t) => [t.spec.topicName, t.spec.config['retention.ms']]),
    ).toEqual([
      ['grant.award.v1', -1],
      ['grant.award.v1.dlq', -1],
    ]);
    const base = tree.read('deploy/base/budget-grants/kustomization.yaml', 'utf-8') ?? '';
    for (const setting of [
      'KAFKA_BROKERS=wco-kafka-kafka-bootstrap:9093',
      'KAFKA_SASL_MECHANISM=scram-sha-512',
      'KAFKA_SASL_USERNAME=budget-grants',
      'KAFKA_CREATE_TOPICS=false',
    ]) {
      expect(base).toContain(setting);
    }
  });
});
