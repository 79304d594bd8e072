import { randomUUID } from 'node:crypto';
import { SearchAids } from './publications/search-aids';
import { fileOf, publicationBody } from './testing/publication-fixtures';
import { editor, memberEditor, officer, ResearchCatalogueTestApp, startResearchCatalogueApp } from './testing/research-catalogue-test-app';
import type { TestUser } from './testing/research-catalogue-test-app';

jest.setTimeout(120_000);

// Every reader against every kind of publication, on every read route. The expected answers come from the rules
// as the README states them, written here again, not from the policy code.

interface Kind {
  name: string;
  access: 'public' | 'members' | 'restricted';
  restrictedMembers?: string[];
  embargoed?: boolean;
  withdrawn?: boolean;
}

const KINDS: Kind[] = [
  { name: 'public', access: 'public' },
  { name: 'members', access: 'members' },
  { name: 'restricted-FR', access: 'restricted', restrictedMembers: ['FR'] },
  { name: 'embargoed-public', access: 'public', embargoed: true },
  { name: 'embargoed-restricted-FR', access: 'restricted', restrictedMembers: ['FR'], embargoed: true },
  { name: 'withdrawn-public', access: 'public', withdrawn: true },
  { name: 'withdrawn-restricted-DE', access: 'restricted', restrictedMembers: ['DE'], withdrawn: true },
];

const READERS: { name: string; user: TestUser | undefined; member?: string; secretariatEditor?: boolean }[] = [
  { name: 'anonymous', user: undefined },
  { name: 'FR officer', user: officer('FR'), member: 'FR' },
  { name: 'DE officer', user: officer('DE'), member: 'DE' },
  { name: 'Secretariat analyst', user: { subject: 'staff-1', member: 'WCO', roles: ['member-analyst'] }, member: 'WCO' },
  { name: 'FR-issued editor', user: memberEditor('FR'), member: 'FR' },
  { name: 'Secretariat editor', user: editor, member: 'WCO', secretariatEditor: true },
];

/** A word only the text of this kind's file contains. */
const fileWord = (kind: Kind) => `fileword${kind.name.replace(/[^a-z]/gi, '').toLowerCase()}`;

function sees(reader: (typeof READERS)[number], kind: Kind): boolean {
  if (reader.secretariatEditor) return true;
  if (kind.embargoed) return false;
  if (kind.access === 'public') return true;
  if (!reader.user) return false;
  if (kind.access === 'members') return true;
  return (kind.restrictedMembers ?? []).includes(reader.member as string);
}

describe('research-catalogue: who sees what (access matrix)', () => {
  let t: ResearchCatalogueTestApp;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_matrix');
    for (const kind of KINDS) {
      const res = await t.call(
        editor,
        'POST',
        '/publications',
        publicationBody({
          titles: [{ language: 'en', text: `Matrixword study ${kind.name}`, original: true }],
          abstracts: [],
          access: kind.access,
          ...(kind.restrictedMembers ? { restrictedMembers: kind.restrictedMembers } : {}),
          ...(kind.embargoed ? { embargoUntil: '2999-12-31' } : {}),
          topics: ['security_and_border_management'],
          // The file's text: a word found nowhere else, so a leak would name the record.
          files: [fileOf('f.txt', `${fileWord(kind)} appendix of ${kind.name}`, 'text/plain')],
        }),
      );
      expect(res.status).toBe(201);
      ids.set(kind.name, res.body.id);
      if (kind.withdrawn)
        expect((await t.call(editor, 'POST', `/publications/${res.body.id}/withdraw`, { reason: 'matrix' })).status).toBe(200);
    }
    await t.app.get(SearchAids).refreshVocabulary();
  });
  afterAll(async () => {
    await t?.close();
  });

  const anonymise = (body: unknown, id: string) => JSON.stringify(body).replaceAll(id, '<id>');

  describe.each(READERS)('$name', (reader) => {
    it('reads a publication, its version, its citation and its file exactly when the rules say, else the 404 of a random id', async () => {
      const random = randomUUID();
      const missing = await t.call(reader.user, 'GET', `/publications/${random}`);
      const missingVersion = await t.call(reader.user, 'GET', `/publications/${random}/versions/1`, undefined, {
        accept: 'application/x-bibtex',
      });
      const missingFile = await t.call(reader.user, 'GET', `/publications/${random}/versions/1/files/f.txt`);
      for (const kind of KINDS) {
        const id = ids.get(kind.name) as string;
        const visible = sees(reader, kind);
        const concept = await t.call(reader.user, 'GET', `/publications/${id}`);
        const citation = await t.call(reader.user, 'GET', `/publications/${id}/versions/1`, undefined, { accept: 'application/x-bibtex' });
        const file = await t.call(reader.user, 'GET', `/publications/${id}/versions/1/files/f.txt`);
        const label = `${reader.name} / ${kind.name}`;
        if (!visible) {
          expect([label, concept.status, anonymise(concept.body, id)]).toEqual([label, 404, anonymise(missing.body, random)]);
          expect([label, citation.status, anonymise(citation.body, id)]).toEqual([label, 404, anonymise(missingVersion.body, random)]);
          expect([label, file.status, anonymise(file.body, id)]).toEqual([label, 404, anonymise(missingFile.body, random)]);
        } else if (kind.withdrawn) {
          expect([label, concept.status, concept.body.status]).toEqual([label, 200, 'withdrawn']);
          expect([label, citation.status, file.status]).toEqual([label, 410, 410]);
        } else {
          expect([label, concept.status, citation.status, file.status]).toEqual([label, 200, 200, 200]);
          expect(citation.body).toContain(`Matrixword study ${kind.name}`);
          // Who else may read it and when an embargo ends are the editors' business.
          expect([label, concept.body.restrictedMembers !== undefined]).toEqual([
            label,
            !!reader.secretariatEditor && kind.access === 'restricted',
          ]);
        }
      }
    });

    it('reads the access history of a publication only as a Secretariat editor, else the 404 of a random id', async () => {
      const random = randomUUID();
      const missing = await t.call(reader.user, 'GET', `/publications/${random}/access-history`);
      for (const kind of KINDS) {
        const id = ids.get(kind.name) as string;
        const res = await t.call(reader.user, 'GET', `/publications/${id}/access-history`);
        const label = `${reader.name} / ${kind.name}`;
        if (reader.secretariatEditor) expect([label, res.status, res.body.items]).toEqual([label, 200, []]);
        else expect([label, res.status, anonymise(res.body, id)]).toEqual([label, 404, anonymise(missing.body, random)]);
      }
    });

    it('finds, counts and facets only what it may see, in search with and without a query', async () => {
      const expected = KINDS.filter((k) => !k.withdrawn && sees(reader, k));
      for (const query of ['q=matrixword', 'q=study%20-nothing', '']) {
        const res = await t.call(reader.user, 'GET', `/publications?${query}&limit=100`);
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual(expected.map((k) => ids.get(k.name)).sort());
        expect(res.body.total).toBe(expected.length);
        const accessFacet = Object.fromEntries(res.body.facets.access.map((f: { value: string; count: number }) => [f.value, f.count]));
        const expectedAccess: Record<string, number> = {};
        for (const k of expected) expectedAccess[k.access] = (expectedAccess[k.access] ?? 0) + 1;
        expect(accessFacet).toEqual(expectedAccess);
        expect(res.body.facets.topic).toEqual(expected.length ? [{ value: 'security_and_border_management', count: expected.length }] : []);
        expect(res.body.facets.year).toEqual(expected.length ? [{ value: '2026', count: expected.length }] : []);
      }
      const exported = await t.call(reader.user, 'GET', `/publications?q=matrixword&limit=100&format=csl`);
      expect((exported.body as { title: string }[]).map((c) => c.title).sort()).toEqual(
        expected.map((k) => `Matrixword study ${k.name}`).sort(),
      );
      const restricted = await t.call(reader.user, 'GET', `/publications?access=restricted&q=matrixword`);
      expect(restricted.body.total).toBe(expected.filter((k) => k.access === 'restricted').length);
    });

    it('matches the text of files only where it may see the publication: results, counts, facets, highlights, suggestions', async () => {
      const everyWord = KINDS.map(fileWord).join(' or ');
      const all = await t.call(reader.user, 'GET', `/publications?q=${encodeURIComponent(everyWord)}&limit=100`);
      const expected = KINDS.filter((k) => !k.withdrawn && sees(reader, k));
      expect(all.body.items.map((i: { id: string }) => i.id).sort()).toEqual(expected.map((k) => ids.get(k.name)).sort());
      expect(all.body.total).toBe(expected.length);
      expect(all.body.facets.type).toEqual(expected.length ? [{ value: 'study_report', count: expected.length }] : []);
      for (const kind of KINDS) {
        const visible = !kind.withdrawn && sees(reader, kind);
        const one = await t.call(reader.user, 'GET', `/publications?q=${fileWord(kind)}`);
        const label = `${reader.name} / ${kind.name}`;
        expect([label, one.body.total, one.body.facets.access.length]).toEqual([label, visible ? 1 : 0, visible ? 1 : 0]);
        const highlighted = JSON.stringify(one.body.items.flatMap((i: { highlights?: unknown[] }) => i.highlights ?? []));
        expect([label, highlighted.includes(`{"text":"${fileWord(kind)}","match":true}`)]).toEqual([label, visible]);
        // Not one word of a file's text is ever a suggestion (the vocabulary is public titles and keywords only).
        const typo = await t.call(reader.user, 'GET', `/publications?q=${fileWord(kind).replace('word', 'wrod')}`);
        expect([label, typo.body.total, typo.body.suggestion ?? '']).toEqual([label, 0, expect.not.stringContaining('fileword')]);
      }
      // Highlights of the visible pages never carry another record's file text.
      for (const kind of KINDS.filter((k) => k.withdrawn || !sees(reader, k)))
        expect([reader.name, kind.name, JSON.stringify(all.body).includes(fileWord(kind))]).toEqual([reader.name, kind.name, false]);
    });
  });
});
