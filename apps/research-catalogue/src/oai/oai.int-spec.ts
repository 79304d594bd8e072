import { XMLParser } from 'fast-xml-parser';
import { randomUUID } from 'node:crypto';
import { fileOf, publicationBody, titled } from '../testing/publication-fixtures';
import { oaiSchemaErrors } from '../testing/oai-schema';
import { editor, ResearchCatalogueTestApp, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import { OaiService } from './oai.service';
import { seriesSetSpec } from './series-sets';

jest.setTimeout(120_000);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['record', 'header', 'setSpec', 'set', 'dc:title', 'dc:subject'].includes(name),
});

describe('research-catalogue: OAI-PMH 2.0', () => {
  let t: ResearchCatalogueTestApp;
  const ids: Record<string, string> = {};

  const oai = async (query: string): Promise<{ xml: string; doc: any }> => {
    const res = await t.app.inject({ method: 'GET', url: `/oai?${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(await oaiSchemaErrors(res.body)).toEqual([]);
    return { xml: res.body, doc: parser.parse(res.body)['OAI-PMH'] };
  };
  const errorOf = async (query: string) => (await oai(query)).doc.error;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_oai', { env: { OAI_PAGE_SIZE: '2' } });
    const make = async (name: string, extra: Record<string, unknown>) => {
      const res = await t.call(editor, 'POST', '/publications', publicationBody({ ...titled(`OAI ${name}`), ...extra }));
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    };
    await make('public-1', {
      titles: [
        { language: 'fr', text: 'Étude sur les recettes & <douanes>', original: true },
        { language: 'ar', text: 'دراسة الإيرادات' },
      ],
      abstracts: [{ language: 'fr', text: 'Résumé' }],
      topics: ['revenue_collection', 'technology_and_data'],
      files: [fileOf('a.pdf', 'x')],
      relatedIdentifiers: [{ identifier: '10.1234/abc', identifierType: 'DOI', relationType: 'References' }],
      series: 'Études douanières n° 5',
    });
    await make('public-2', { type: 'dataset' });
    await make('public-3', {});
    await make('members', { access: 'members', series: 'Confidential briefs' });
    await make('restricted', { access: 'restricted', restrictedMembers: ['FR'] });
    await make('embargoed', { embargoUntil: '2999-01-01' });
    await make('withdrawn', {});
    expect((await t.call(editor, 'POST', `/publications/${ids.withdrawn}/withdraw`, { reason: 'Superseded by a new study' })).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const identifier = (name: string) => `oai:research.test:${ids[name]}`;

  it('harvests every public record through resumption tokens, withdrawn ones as deleted headers, nothing else', async () => {
    const seen: any[] = [];
    let page = await oai('verb=ListRecords&metadataPrefix=oai_dc');
    expect(page.xml).toContain('Étude sur les recettes &amp; &lt;douanes&gt;');
    const cursors: string[] = [];
    for (;;) {
      seen.push(...page.doc.ListRecords.record);
      const token = page.doc.ListRecords.resumptionToken;
      expect(token['@completeListSize']).toBe('4');
      cursors.push(token['@cursor']);
      if (!token['#text']) break;
      expect(Date.parse(token['@expirationDate']) - Date.now()).toBeGreaterThan(23 * 3600_000);
      page = await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(token['#text'])}`);
    }
    expect(cursors).toEqual(['0', '2']);
    const byId = new Map(seen.map((r) => [r.header[0].identifier, r]));
    expect([...byId.keys()].sort()).toEqual(['public-1', 'public-2', 'public-3', 'withdrawn'].map(identifier).sort());
    const deleted = byId.get(identifier('withdrawn'));
    expect(deleted.header[0]['@status']).toBe('deleted');
    expect(deleted.metadata).toBeUndefined();
    const dc = byId.get(identifier('public-1')).metadata['oai_dc:dc'];
    expect(dc['dc:title']).toEqual([
      { '#text': 'Étude sur les recettes & <douanes>', '@xml:lang': 'fr' },
      { '#text': 'دراسة الإيرادات', '@xml:lang': 'ar' },
    ]);
    expect(byId.get(identifier('public-1')).header[0].setSpec).toEqual([
      'type:study_report',
      'topic:revenue_collection',
      'topic:technology_and_data',
      seriesSetSpec('Études douanières n° 5'),
    ]);
    expect(dc['dc:rights']).toBe('https://spdx.org/licenses/CC-BY-4.0.html');

    const identifiers = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(identifiers.doc.ListIdentifiers.header).toHaveLength(2);
  });

  it('filters by set and by datestamp, and says noRecordsMatch for an empty list', async () => {
    const datasets = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:dataset');
    expect(datasets.doc.ListIdentifiers.header.map((h: any) => h.identifier)).toEqual([identifier('public-2')]);
    expect(datasets.doc.ListIdentifiers.resumptionToken).toBeUndefined();
    const revenue = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=topic:revenue_collection');
    expect(revenue.doc.ListIdentifiers.header.map((h: any) => h.identifier)).toEqual([identifier('public-1')]);
    expect((await errorOf('verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01'))['@code']).toBe('noRecordsMatch');
    expect((await errorOf('verb=ListRecords&metadataPrefix=oai_dc&until=2000-01-01T00:00:00Z'))['@code']).toBe('noRecordsMatch');
    expect((await errorOf('verb=ListRecords&metadataPrefix=oai_dc&set=topic:astrology'))['@code']).toBe('noRecordsMatch');
    const today = new Date().toISOString().slice(0, 10);
    const fromToday = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${today}&until=${today}`);
    expect(fromToday.doc.ListIdentifiers.resumptionToken['@completeListSize']).toBe('4');
  });

  it('answers GetRecord for public records only: anything else is idDoesNotExist, like a random id', async () => {
    const record = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier('public-3')}`);
    expect(record.doc.GetRecord.record[0].metadata['oai_dc:dc']['dc:title'][0]['#text']).toBe('OAI public-3');
    const random = await errorOf(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:research.test:${randomUUID()}`);
    for (const hidden of ['members', 'restricted', 'embargoed']) {
      const answer = await errorOf(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier(hidden)}`);
      expect(answer['@code']).toBe('idDoesNotExist');
      expect(answer['#text']).toBe(random['#text'].replace(/[0-9a-f-]{36}$/, ids[hidden]));
    }
    const withdrawn = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier('withdrawn')}`);
    expect(withdrawn.doc.GetRecord.record[0].header[0]['@status']).toBe('deleted');
    expect((await errorOf(`verb=ListMetadataFormats&identifier=${identifier('members')}`))['@code']).toBe('idDoesNotExist');
  });

  it('answers Identify, ListMetadataFormats and ListSets', async () => {
    const identify = (await oai('verb=Identify')).doc.Identify;
    expect(identify).toMatchObject({
      baseURL: 'https://research.test/oai',
      protocolVersion: '2.0',
      deletedRecord: 'persistent',
      granularity: 'YYYY-MM-DDThh:mm:ssZ',
    });
    const formats = (await oai(`verb=ListMetadataFormats&identifier=${identifier('public-1')}`)).doc.ListMetadataFormats;
    expect(formats.metadataFormat.map((f: any) => f.metadataPrefix)).toEqual(['oai_dc', 'datacite']);
    const sets = (await oai('verb=ListSets')).doc.ListSets.set.map((s: any) => s.setSpec[0]);
    expect(sets).toEqual(expect.arrayContaining(['topic:trade_facilitation', 'type:policy_brief']));
  });

  it('answers each error condition with its code, schema-valid, echoing no arguments on badVerb and badArgument', async () => {
    const cases: [string, string][] = [
      ['', 'badVerb'],
      ['verb=Harvest', 'badVerb'],
      ['verb=Identify&verb=ListSets', 'badVerb'],
      ['verb=Identify&extra=1', 'badArgument'],
      ['verb=ListRecords', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc', 'badArgument'],
      ['verb=GetRecord&identifier=x', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=%E2%82', 'badArgument'],
      ['verb=ListRecords&resumptionToken=not-a-token', 'badResumptionToken'],
      ['verb=ListSets&resumptionToken=abc', 'badResumptionToken'],
      ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
      [`verb=GetRecord&metadataPrefix=marc21&identifier=${identifier('public-1')}`, 'cannotDisseminateFormat'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:1', 'idDoesNotExist'],
    ];
    for (const [query, code] of cases) {
      const { doc } = await oai(query);
      expect([query, doc.error['@code']]).toEqual([query, code]);
      if (code === 'badVerb' || code === 'badArgument') expect(Object.keys(doc.request).filter((k) => k.startsWith('@'))).toEqual([]);
    }
  });

  it('has a schema check that catches a wrong envelope and wrong Dublin Core (so the checks above can fail)', async () => {
    const { xml } = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier('public-3')}`);
    expect(
      await oaiSchemaErrors(xml.replace('<dc:publisher>', '<dc:publisherName>').replace('</dc:publisher>', '</dc:publisherName>')),
    ).not.toEqual([]);
    expect(await oaiSchemaErrors(xml.replace(/<responseDate>[^<]*<\/responseDate>/, ''))).not.toEqual([]);
    expect(await oaiSchemaErrors(xml.replace('<datestamp>', '<datestamp>x'))).not.toEqual([]);
  });

  it('keeps resumption tokens valid for 24 hours, on any replica, and refuses them after', async () => {
    const first = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const token = first.doc.ListIdentifiers.resumptionToken['#text'] as string;
    const service = t.app.get(OaiService);
    const later = parser.parse(
      await service.handle({ verb: 'ListIdentifiers', resumptionToken: token }, new Date(Date.now() + 23 * 3600_000)),
    )['OAI-PMH'];
    expect(later.ListIdentifiers.header).toHaveLength(2);
    const expired = parser.parse(
      await service.handle({ verb: 'ListIdentifiers', resumptionToken: token }, new Date(Date.now() + 25 * 3600_000)),
    )['OAI-PMH'];
    expect(expired.error['@code']).toBe('badResumptionToken');
  });

  describe('POST (application/x-www-form-urlencoded)', () => {
    const post = async (body: string, contentType = 'application/x-www-form-urlencoded', url = '/oai') => {
      const res = await t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': contentType } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(await oaiSchemaErrors(res.body)).toEqual([]);
      return { xml: res.body, doc: parser.parse(res.body)['OAI-PMH'] };
    };
    // What may differ between two answers to the same request made a moment apart: the time of the answer and the
    // expiry (hence the text) of a resumption token.
    const timeless = (xml: string) =>
      xml
        .replace(/<responseDate>[^<]*<\/responseDate>/, '<responseDate/>')
        .replace(/ expirationDate="[^"]*"/, '')
        .replace(/(<resumptionToken[^>]*>)[^<]+</, '$1TOKEN<');

    it('gives the same answer as GET for all six verbs and for errors', async () => {
      const requests = [
        'verb=Identify',
        `verb=ListMetadataFormats&identifier=${encodeURIComponent(identifier('public-1'))}`,
        'verb=ListSets',
        'verb=ListIdentifiers&metadataPrefix=oai_dc&set=type%3Adataset',
        'verb=ListRecords&metadataPrefix=oai_dc',
        `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier('public-1'))}`,
        'verb=Harvest',
        'verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc',
        'verb=ListRecords&metadataPrefix=oai_dc&set=%E2%82',
        `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier('members'))}`,
      ];
      const verbs = new Set<string>();
      for (const request of requests) {
        const viaGet = await oai(request);
        const viaPost = await post(request);
        expect([request, timeless(viaPost.xml)]).toEqual([request, timeless(viaGet.xml)]);
        const verb = Object.keys(viaPost.doc).find(
          (k) => !['responseDate', 'request', 'error', '@xsi:schemaLocation', '@xmlns', '@xmlns:xsi'].includes(k),
        );
        if (verb) verbs.add(verb);
      }
      expect([...verbs].sort()).toEqual(['GetRecord', 'Identify', 'ListIdentifiers', 'ListMetadataFormats', 'ListRecords', 'ListSets']);
    });

    it('harvests the whole list through resumption tokens sent by POST', async () => {
      const seen: string[] = [];
      let page = await post('verb=ListIdentifiers&metadataPrefix=oai_dc');
      for (;;) {
        seen.push(...page.doc.ListIdentifiers.header.map((h: any) => h.identifier));
        const token = page.doc.ListIdentifiers.resumptionToken?.['#text'];
        if (!token) break;
        page = await post(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
      }
      expect(seen.sort()).toEqual(['public-1', 'public-2', 'public-3', 'withdrawn'].map(identifier).sort());
    });

    it('refuses arguments in the URL of a POST and a body of another type (badArgument), and form bodies on other routes (415)', async () => {
      const inUrl = await post('verb=Identify', 'application/x-www-form-urlencoded', '/oai?verb=Identify');
      expect(inUrl.doc.error['@code']).toBe('badArgument');
      const json = await post(JSON.stringify({ verb: 'Identify' }), 'application/json');
      expect(json.doc.error['@code']).toBe('badArgument');
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/publications',
        payload: 'titles=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${await t.token(editor)}` },
      });
      expect(elsewhere.statusCode).toBe(415);
      expect(elsewhere.json()).toMatchObject({ code: 'unsupported_media_type' });
    });
  });

  describe('DataCite metadata format and series sets', () => {
    it('disseminates every record as DataCite kernel-4, structurally checked by the schema, through GetRecord and the lists', async () => {
      const { xml, doc } = await oai(`verb=GetRecord&metadataPrefix=datacite&identifier=${identifier('public-1')}`);
      const resource = doc.GetRecord.record[0].metadata.resource;
      expect(resource['@xmlns']).toBe('http://datacite.org/schema/kernel-4');
      expect(resource.identifier).toEqual({ '#text': `https://research.test/publications/${ids['public-1']}`, '@identifierType': 'URL' });
      expect(resource.creators.creator[0]).toEqual({
        creatorName: { '#text': 'Dupont, Jeanne', '@nameType': 'Personal' },
        givenName: 'Jeanne',
        familyName: 'Dupont',
        nameIdentifier: {
          '#text': 'https://orcid.org/0000-0002-1825-0097',
          '@nameIdentifierScheme': 'ORCID',
          '@schemeURI': 'https://orcid.org',
        },
        affiliation: {
          '#text': 'Brown University',
          '@affiliationIdentifier': 'https://ror.org/05gq02987',
          '@affiliationIdentifierScheme': 'ROR',
          '@schemeURI': 'https://ror.org',
        },
      });
      expect(resource.creators.creator[1].creatorName).toEqual({ '#text': 'WCO Research Unit', '@nameType': 'Organizational' });
      expect(resource.titles.title).toEqual([
        { '#text': 'Étude sur les recettes & <douanes>', '@xml:lang': 'fr' },
        { '#text': 'دراسة الإيرادات', '@xml:lang': 'ar', '@titleType': 'TranslatedTitle' },
      ]);
      expect(resource).toMatchObject({
        publisher: 'World Customs Organization',
        publicationYear: '2026',
        resourceType: { '@resourceTypeGeneral': 'Report' },
        language: 'fr',
        version: '1',
        dates: { date: { '#text': '2026-03-15', '@dateType': 'Issued' } },
        relatedIdentifiers: {
          relatedIdentifier: { '#text': '10.1234/abc', '@relatedIdentifierType': 'DOI', '@relationType': 'References' },
        },
        formats: { format: 'application/pdf' },
        sizes: { size: '1 bytes' },
        rightsList: { rights: { '#text': 'CC-BY-4.0', '@rightsIdentifier': 'CC-BY-4.0', '@rightsIdentifierScheme': 'SPDX' } },
      });
      expect(resource.descriptions.description).toEqual([
        { '#text': 'Résumé', '@xml:lang': 'fr', '@descriptionType': 'Abstract' },
        { '#text': 'Études douanières n° 5', '@descriptionType': 'SeriesInformation' },
      ]);
      // The schema check can fail: a DataCite record without its mandatory publisher, or with an unknown type, is refused.
      expect(await oaiSchemaErrors(xml.replace(/<publisher>[^<]*<\/publisher>/, ''))).not.toEqual([]);
      expect(await oaiSchemaErrors(xml.replace('resourceTypeGeneral="Report"', 'resourceTypeGeneral="Novel"'))).not.toEqual([]);

      const dataset = (await oai('verb=ListRecords&metadataPrefix=datacite&set=type:dataset')).doc.ListRecords.record;
      expect(dataset.map((r: any) => r.metadata.resource.resourceType['@resourceTypeGeneral'])).toEqual(['Dataset']);
      // A resumption token keeps the format: every page of a DataCite harvest is DataCite.
      let page = await oai('verb=ListRecords&metadataPrefix=datacite');
      let pages = 1;
      while (page.doc.ListRecords.resumptionToken?.['#text']) {
        page = await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(page.doc.ListRecords.resumptionToken['#text'])}`);
        pages++;
        for (const r of page.doc.ListRecords.record) if (!r.header[0]['@status']) expect(r.metadata.resource).toBeDefined();
      }
      expect(pages).toBe(2);
    });

    it('lists a set per series of the harvestable records (never of a hidden one) and filters by it', async () => {
      const sets = (await oai('verb=ListSets')).doc.ListSets.set;
      const series = sets.filter((s: any) => s.setSpec[0].startsWith('series:'));
      expect(series.map((s: any) => [s.setSpec[0], s.setName]).sort()).toEqual([
        [seriesSetSpec('WCO Research Papers'), 'Series: WCO Research Papers'],
        [seriesSetSpec('Études douanières n° 5'), 'Series: Études douanières n° 5'],
      ]);
      expect(JSON.stringify(sets)).not.toContain('Confidential');
      const inSeries = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=${seriesSetSpec('Études douanières n° 5')}`);
      expect(inSeries.doc.ListIdentifiers.header.map((h: any) => h.identifier)).toEqual([identifier('public-1')]);
      for (const empty of [seriesSetSpec('Confidential briefs'), seriesSetSpec('No such series'), 'series:!!!']) {
        expect((await errorOf(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=${empty}`))['@code']).toBe('noRecordsMatch');
      }
    });
  });
});
