import { FsTree } from 'nx/src/generators/tree';
import { normalizeOptions, pluralOf, serviceGenerator } from './generator';
import { REPO_ROOT } from './testing/scratch-workspace';

// The repository as it is, changed in memory only: nothing here is written to disk.
const repo = (): FsTree => new FsTree(REPO_ROOT, false);

describe('service generator options', () => {
  it('takes the port one above the highest any service uses', () => {
    expect(normalizeOptions(repo(), { name: 'budget-audit', domain: 'budget', aggregate: 'ledger' }).port).toBe(3002);
  });

  it('names the topic, event type, classes and database after the options', () => {
    const o = normalizeOptions(repo(), { name: 'research-catalogue', domain: 'research', aggregate: 'publication' });
    expect(o).toMatchObject({
      className: 'ResearchCatalogue',
      plural: 'publications',
      pluralClass: 'Publications',
      scope: 'research',
      topic: 'research.publication.v1',
      topicKey: 'ResearchPublication',
      eventClass: 'PublicationCreatedEvent',
      eventType: 'org.wcoomd.research.publication.created.v1',
      dbName: 'research_catalogue',
    });
  });

  it('refuses, listing every problem at once, what would break the workspace', () => {
    expect(() => normalizeOptions(repo(), { name: 'Intel_Exchange', domain: 'Intel', aggregate: 'two words', scope: 'nowhere' })).toThrow(
      /name "Intel_Exchange" must be kebab-case[\s\S]*domain "Intel"[\s\S]*aggregate "two words"[\s\S]*scope "nowhere"/,
    );
    expect(() => normalizeOptions(repo(), { name: 'intel-exchange', domain: 'intel', aggregate: 'sighting' })).toThrow(/apps\/intel-exchange already exists/);
    expect(() => normalizeOptions(repo(), { name: 'intel-two', domain: 'intel', aggregate: 'report' })).toThrow(/topic intel.report.v1 is already in the registry/);
    expect(() => normalizeOptions(repo(), { name: 'budget-audit', domain: 'budget', aggregate: 'ledger', port: 3001 })).toThrow(/port 3001 is already used by intel-exchange/);
    expect(() => normalizeOptions(repo(), { name: 'misc', domain: 'misc', aggregate: 'thing' })).toThrow(/scope "misc" must be one of/);
    expect(() => normalizeOptions(repo(), { name: 'misc', domain: 'budget', aggregate: 'argument' })).toThrow(/"arguments" is a reserved word/);
  });

  it('generates twice in one tree only once: the second service gets the next port, the same name is refused', async () => {
    const tree = repo();
    await serviceGenerator(tree, { name: 'budget-audit', domain: 'budget', aggregate: 'ledger', migrationTimestamp: 1767484800000 });
    expect(normalizeOptions(tree, { name: 'assistance', domain: 'assistance', aggregate: 'mission' }).port).toBe(3003);
    await expect(serviceGenerator(tree, { name: 'budget-audit', domain: 'budget', aggregate: 'commitment' })).rejects.toThrow(/already exists/);
  });

  it('pluralises English nouns for routes', () => {
    expect(['ledger', 'entry', 'process', 'mission', 'key'].map(pluralOf)).toEqual(['ledgers', 'entries', 'processes', 'missions', 'keys']);
  });
});
