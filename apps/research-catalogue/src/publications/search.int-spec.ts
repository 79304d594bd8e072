import { fileOf, publicationBody, titled } from '../testing/publication-fixtures';
import { editor, officer, ResearchCatalogueTestApp, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import { SearchAids } from './search-aids';

jest.setTimeout(120_000);

describe('research-catalogue: multilingual search', () => {
  let t: ResearchCatalogueTestApp;
  const ids: Record<string, string> = {};

  const make = async (name: string, titles: [string, string][], extra: Record<string, unknown> = {}) => {
    const res = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        titles: titles.map(([language, text], i) => ({ language, text, ...(i === 0 ? { original: true } : {}) })),
        abstracts: [],
        keywords: [],
        ...extra,
      }),
    );
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  };
  const search = async (query: string) => {
    const res = await t.call(undefined, 'GET', `/publications?${query}`);
    expect([query, res.status]).toEqual([query, 200]);
    return res.body;
  };
  const found = async (q: string, extra = '') =>
    ((await search(`q=${encodeURIComponent(q)}${extra}`)).items as { id: string }[]).map((i) => i.id).sort();
  const idsOf = (...names: string[]) => names.map((n) => ids[n]).sort();

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_search');
    await make('fr', [['fr', 'Le développement durable des administrations douanières']], { publicationDate: '2024-05-01' });
    await make('es', [['es', 'Facilitación del comercio en las fronteras terrestres']], { type: 'policy_brief' });
    await make('ru', [['ru', 'Таможенное администрирование и цифровизация']], { type: 'dataset', topics: ['technology_and_data'] });
    await make('ar', [['ar', 'إدارة المخاطر في الجمارك']]);
    await make('risk', [['en', 'Risk management for small parcels at ports']]);
    await make('airports', [['en', 'Passenger controls at airports']]);
    await make('tobacco', [['en', 'Illicit tobacco trade and risk management at ports']]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stems and unaccents per language: French and Spanish without accents, Russian inflections, Arabic', async () => {
    expect(await found('developpement')).toEqual(idsOf('fr'));
    expect(await found('administration douanière')).toEqual(idsOf('fr'));
    expect(await found('facilitacion frontera')).toEqual(idsOf('es'));
    expect(await found('таможенного администрирования')).toEqual(idsOf('ru'));
    expect(await found('المخاطر')).toEqual(idsOf('ar'));
    expect(await found('managing risks')).toEqual(idsOf('risk', 'tobacco'));
  });

  it('understands web-search syntax: quoted phrases, or, -exclusion', async () => {
    expect(await found('"risk management for small"')).toEqual(idsOf('risk'));
    expect(await found('parcels or airports')).toEqual(idsOf('risk', 'airports'));
    expect(await found('ports -tobacco')).toEqual(idsOf('risk'));
  });

  it('filters by type, topic, year and language, with facets over the matches', async () => {
    expect(await found('таможенное', '&type=dataset')).toEqual(idsOf('ru'));
    expect(await found('таможенное', '&type=study_report')).toEqual([]);
    const byYear = await search('year=2024');
    expect(byYear.items.map((i: { id: string }) => i.id)).toEqual([ids.fr]);
    expect((await search('language=ru')).items.map((i: { id: string }) => i.id)).toEqual([ids.ru]);
    expect((await search('topic=technology_and_data')).total).toBe(1);
    const all = await search('');
    expect(all.total).toBe(7);
    expect(all.facets.type).toEqual([
      { value: 'study_report', count: 5 },
      { value: 'dataset', count: 1 },
      { value: 'policy_brief', count: 1 },
    ]);
    expect(all.facets.year).toEqual([
      { value: '2026', count: 6 },
      { value: '2024', count: 1 },
    ]);
    expect(Object.fromEntries(all.facets.language.map((f: { value: string; count: number }) => [f.value, f.count]))).toEqual({
      en: 3,
      fr: 1,
      es: 1,
      ru: 1,
      ar: 1,
    });
  });

  it('pages with a cursor through a stable order, without duplicates or gaps', async () => {
    for (const q of ['', 'q=ports%20or%20parcels%20or%20airports%20or%20passenger']) {
      const everything = (await search(`${q}&limit=100`)).items.map((i: { id: string }) => i.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await search(
          `${q}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(everything);
      expect(new Set(paged).size).toBe(paged.length);
    }
  });

  it('exports a search result page as citations (Accept or format=), with the next page in a Link header', async () => {
    const q = `q=${encodeURIComponent('ports or parcels or airports')}`;
    const json = await search(`${q}&limit=100`);
    const bibtex = await t.app.inject({ method: 'GET', url: `/publications?${q}&limit=2`, headers: { accept: 'application/x-bibtex' } });
    expect(bibtex.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(bibtex.body.match(/^@techreport\{/gm)).toHaveLength(2);
    expect(bibtex.body).toContain(`title = {${json.items[0].title}}`);
    const next = /<https:\/\/research\.test\/publications\?([^>]+)>; rel="next"/.exec(bibtex.headers['link'] as string);
    expect(next).not.toBeNull();
    const rest = await t.app.inject({
      method: 'GET',
      url: `/publications?${(next as RegExpExecArray)[1]}`,
      headers: { accept: 'application/x-bibtex' },
    });
    expect(rest.body).toContain(`title = {${json.items[2].title}}`);
    expect(rest.headers['link']).toBeUndefined();

    const csl = await t.app.inject({ method: 'GET', url: `/publications?${q}&limit=100&format=csl` });
    expect(JSON.parse(csl.body).map((c: { title: string }) => c.title)).toEqual(json.items.map((i: { title: string }) => i.title));
    const ris = await t.app.inject({ method: 'GET', url: `/publications?${q}&format=ris`, headers: { accept: 'application/json' } });
    expect(ris.body.match(/^TY {2}- /gm)).toHaveLength(json.items.length);
    const apa = await t.app.inject({ method: 'GET', url: `/publications/${ids.risk}/versions/1?format=apa` });
    expect(apa.body).toMatch(/^Dupont, J\., & WCO Research Unit\. \(2026\)\. Risk management for small parcels at ports \(Version 1\)/);
    expect((await t.app.inject({ method: 'GET', url: `/publications?${q}`, headers: { accept: 'image/png' } })).statusCode).toBe(406);
  });

  it('facets and filters by series', async () => {
    const all = await search('');
    expect(all.facets.series).toEqual([{ value: 'WCO Research Papers', count: 7 }]);
    expect((await search(`series=${encodeURIComponent('WCO Research Papers')}`)).total).toBe(7);
    expect((await search('series=Other')).total).toBe(0);
  });

  it('refuses bad parameters with a 400 problem naming them', async () => {
    const cases: [string, string][] = [
      ['year=abc', 'year'],
      ['year=1800', 'year'],
      ['type=novel', 'type'],
      ['language=de', 'language'],
      ['limit=1000', 'limit'],
      ['cursor=WzEsIm5vIl0', 'cursor'],
      ['unknown=1', 'unknown'],
      ['q=%E2%82', 'q'],
      ['format=pdf', 'format'],
    ];
    for (const [query, field] of cases) {
      const res = await t.call(undefined, 'GET', `/publications?${query}`);
      expect([query, res.status, [...new Set(res.body.errors?.map((e: { field: string }) => e.field))]]).toEqual([query, 400, [field]]);
    }
  });

  it('highlights the words found, in the title as written (accents kept) and in abstract fragments', async () => {
    await make('abstract', [['en', 'Container security programme review']], {
      abstracts: [{ language: 'en', text: 'A review of how container images, seals and manifests are checked at ports of entry.' }],
    });
    const tobacco = (await search('q=risk%20management')).items.find((i: { id: string }) => i.id === ids['tobacco']);
    expect(tobacco.highlights).toEqual([
      {
        field: 'title',
        language: 'en',
        parts: [
          { text: 'Illicit tobacco trade and ', match: false },
          { text: 'risk', match: true },
          { text: ' ', match: false },
          { text: 'management', match: true },
          { text: ' at ports', match: false },
        ],
      },
    ]);
    // Found unaccented, shown as written.
    const fr = (await search('q=developpement')).items.find((i: { id: string }) => i.id === ids['fr']);
    expect(fr.highlights[0].parts.filter((p: { match: boolean }) => p.match).map((p: { text: string }) => p.text)).toEqual([
      'développement',
    ]);
    const abstract = (await search('q=manifests')).items.find((i: { id: string }) => i.id === ids['abstract']);
    expect(abstract.highlights.map((h: { field: string }) => h.field)).toEqual(['abstract']);
    expect(abstract.highlights[0].parts.find((p: { match: boolean }) => p.match).text).toBe('manifests');
    // Without q, no highlights.
    expect((await search('type=policy_brief')).items[0].highlights).toBeUndefined();
  });

  it('matches the text of files in their language, ranked below titles and abstracts, and highlights it', async () => {
    const text = (name: string, content: string, mediaType = 'text/plain') => fileOf(name, content, mediaType);
    const inFile = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({
        ...titled('Annual review of border agencies'),
        keywords: [],
        files: [
          text('rapport.txt', 'Les entrepôts sous douane et la cabotinière réglementation des zones franches.'),
          text('notes.html', '<p>Transhipment of <b>perishables</b> at inland ports</p><script>scriptonlyword()</script>', 'text/html'),
        ].map((f, i) => (i === 0 ? { ...f, language: 'fr' } : f)),
      }),
    );
    expect(inFile.status).toBe(201);
    expect(inFile.body.current.files.map((f: { language: string }) => f.language)).toEqual(['fr', 'en']);
    const inTitle = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({ ...titled('Perishables at the border'), keywords: [] }),
    );
    // French file text with the French configuration, unaccented: "entrepot" finds "entrepôts".
    expect(await found('entrepot')).toEqual([inFile.body.id]);
    expect(await found('scriptonlyword')).toEqual([]);
    // The same word in a title ranks above its occurrence in a file.
    const ranked = await search(`q=${encodeURIComponent('perishables')}`);
    expect(ranked.items.map((i: { id: string }) => i.id)).toEqual([inTitle.body.id, inFile.body.id]);
    const highlight = ranked.items[1].highlights;
    expect(highlight).toEqual([
      {
        field: 'file',
        file: 'notes.html',
        language: 'en',
        parts: [
          { text: 'Transhipment of ', match: false },
          { text: 'perishables', match: true },
          { text: ' at inland ports', match: false },
        ],
      },
    ]);
    const french = (await search(`q=entrepot`)).items[0].highlights;
    expect(french).toEqual([
      expect.objectContaining({
        field: 'file',
        file: 'rapport.txt',
        language: 'fr',
        parts: expect.arrayContaining([{ text: 'entrepôts', match: true }]),
      }),
    ]);
  });

  it('suggests the closest words of the public catalogue for unknown ones, and never a word only others may see', async () => {
    await make('secret', [['en', 'Quokkaville corridor assessment']], { access: 'restricted', restrictedMembers: ['KE'] });
    await make('members', [['en', 'Wombatshire corridor assessment']], { access: 'members' });
    await t.app.get(SearchAids).refreshVocabulary();
    expect((await search('q=tobaco%20smuggling%20at%20ports')).suggestion).toBe('tobacco smuggling at ports');
    expect((await search('q=tobacco')).suggestion).toBeUndefined();
    expect((await search('q=managment%20-airports')).suggestion).toBe('management -airports');
    for (const reader of [undefined, officer('KE'), editor]) {
      for (const q of ['quokkavile', 'wombatshir']) {
        const res = await t.call(reader, 'GET', `/publications?q=${q}`);
        expect([q, res.status, res.body.suggestion]).toEqual([q, 200, undefined]);
      }
    }
  });
});

describe('research-catalogue: search counts capped with "more than N" (SEARCH_COUNT_CAP)', () => {
  let t: ResearchCatalogueTestApp;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_count_cap', { env: { SEARCH_COUNT_CAP: '3' } });
    const bodies = [
      ...[1, 2, 3].map((n) => publicationBody({ titles: [{ language: 'en', text: `Customs valuation study ${n}`, original: true }] })),
      ...[4, 5].map((n) =>
        publicationBody({ access: 'members', titles: [{ language: 'en', text: `Customs valuation study ${n}`, original: true }] }),
      ),
    ];
    for (const body of bodies) expect((await t.call(editor, 'POST', '/publications', body)).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts exactly up to the cap, then says "more than" the cap, counting only what the reader may see', async () => {
    const anonymous = (await t.call(undefined, 'GET', '/publications?q=valuation')).body;
    // Three visible: exactly the cap, so not "more than".
    expect([anonymous.total, anonymous.totalCapped]).toEqual([3, false]);
    const member = (await t.call(officer('FR'), 'GET', '/publications?q=valuation')).body;
    expect([member.total, member.totalCapped]).toEqual([3, true]);
    expect(member.items).toHaveLength(5);
    // The facets stay exact over everything the reader may see.
    expect(member.facets.access).toEqual(
      expect.arrayContaining([
        { value: 'public', count: 3 },
        { value: 'members', count: 2 },
      ]),
    );
    const fewer = (await t.call(officer('FR'), 'GET', '/publications?q=valuation&access=members')).body;
    expect([fewer.total, fewer.totalCapped]).toEqual([2, false]);
  });
});
