import type { CitableVersion } from './citation-formats';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { CITATION_FORMATS, formatCitations, negotiate, toApa, toBibtex, toCslJson, toCslStyle, toRis } from './citation-formats';

const study: CitableVersion = {
  publicationId: '1a2b3c4d-0000-4000-8000-000000000001',
  version: 2,
  url: 'https://research.example.org/publications/1a2b3c4d-0000-4000-8000-000000000001/versions/2',
  type: 'study_report',
  metadata: {
    titles: [
      { language: 'en', text: 'E-commerce & small parcels: 100% screening?' },
      { language: 'fr', text: 'Commerce électronique et petits colis', original: true },
    ],
    abstracts: [
      { language: 'en', text: 'English abstract.' },
      { language: 'fr', text: 'Résumé  sur\ndeux lignes.' },
    ],
    creators: [
      { familyName: 'Dupont', givenName: 'Jean-Paul Marie', orcid: '0000-0002-1825-0097' },
      { familyName: 'Okafor', givenName: 'Ngozi' },
      { familyName: 'WCO Research Unit' },
    ],
    topics: ['trade_facilitation'],
    series: 'WCO Research Papers',
    keywords: ['e-commerce', 'risk management'],
    publicationDate: '2026-06-30',
    licence: 'CC-BY-4.0',
    relatedIdentifiers: [],
    files: [],
  },
};

const dataset: CitableVersion = {
  ...study,
  version: 1,
  type: 'dataset',
  url: 'https://research.example.org/d/1',
  metadata: {
    ...study.metadata,
    titles: [{ language: 'en', text: 'Seizures_by_HS {2025}', original: true }],
    abstracts: [],
    series: undefined,
    keywords: [],
  },
};

describe('citation formats', () => {
  it('writes BibTeX: techreport, braced organisation, escaped specials, the version and its own URL', () => {
    expect(toBibtex(study)).toBe(
      [
        '@techreport{wco-1a2b3c4d-v2,',
        '  author = {Dupont, Jean-Paul Marie and Okafor, Ngozi and {WCO Research Unit}},',
        '  title = {Commerce électronique et petits colis},',
        '  institution = {World Customs Organization},',
        '  type = {Study report},',
        '  series = {WCO Research Papers},',
        '  year = {2026},',
        '  month = jun,',
        '  version = {2},',
        '  url = {https://research.example.org/publications/1a2b3c4d-0000-4000-8000-000000000001/versions/2}',
        '}',
        '',
      ].join('\n'),
    );
    expect(toBibtex(dataset)).toContain('@misc{wco-1a2b3c4d-v1,');
    expect(toBibtex(dataset)).toContain('  title = {Seizures\\_by\\_HS \\{2025\\}},');
    expect(toBibtex(dataset)).toContain('  publisher = {World Customs Organization},');
  });

  it('writes RIS with CRLF lines, the original-language abstract on one line and ER last', () => {
    expect(toRis(study)).toBe(
      [
        'TY  - RPRT',
        'AU  - Dupont, Jean-Paul Marie',
        'AU  - Okafor, Ngozi',
        'AU  - WCO Research Unit',
        'TI  - Commerce électronique et petits colis',
        'PY  - 2026',
        'DA  - 2026/06/30',
        'PB  - World Customs Organization',
        'T3  - WCO Research Papers',
        'ET  - Version 2',
        'M3  - Study report',
        'AB  - Résumé sur deux lignes.',
        'KW  - e-commerce',
        'KW  - risk management',
        'LA  - fr',
        `UR  - ${study.url}`,
        'ER  - ',
        '',
      ].join('\r\n'),
    );
    expect(toRis(dataset).startsWith('TY  - DATA\r\n')).toBe(true);
  });

  it('writes CSL-JSON a citeproc processor reads (literal for an organisation, date-parts, version)', () => {
    expect(toCslJson(study)).toEqual([
      {
        id: 'wco-1a2b3c4d-v2',
        type: 'report',
        title: 'Commerce électronique et petits colis',
        author: [{ family: 'Dupont', given: 'Jean-Paul Marie' }, { family: 'Okafor', given: 'Ngozi' }, { literal: 'WCO Research Unit' }],
        issued: { 'date-parts': [[2026, 6, 30]] },
        publisher: 'World Customs Organization',
        genre: 'Study report',
        'collection-title': 'WCO Research Papers',
        version: '2',
        abstract: 'Résumé  sur\ndeux lignes.',
        keyword: 'e-commerce, risk management',
        language: 'fr',
        URL: study.url,
      },
    ]);
  });

  it('formats an APA 7 reference with initials (hyphenated names kept), & before the last author', () => {
    expect(toApa(study)).toBe(
      `Dupont, J.-P. M., Okafor, N., & WCO Research Unit. (2026). Commerce électronique et petits colis (Version 2) [Study report]. World Customs Organization. ${study.url}\n`,
    );
    expect(toApa({ ...dataset, metadata: { ...dataset.metadata, creators: [{ familyName: 'Lee', givenName: 'Ann' }] } })).toBe(
      'Lee, A. (2026). Seizures_by_HS {2025} (Version 1) [Dataset]. World Customs Organization. https://research.example.org/d/1\n',
    );
  });

  it('negotiates the Accept header: q-values, wildcards, JSON by default, nothing for only unknown types', () => {
    expect(negotiate(undefined)).toBe('application/json');
    expect(negotiate('*/*')).toBe('application/json');
    expect(negotiate('application/x-bibtex')).toBe('application/x-bibtex');
    expect(negotiate('application/json;q=0.5, application/x-research-info-systems')).toBe('application/x-research-info-systems');
    expect(negotiate('text/*')).toBe('text/x-bibliography');
    expect(negotiate('application/vnd.citationstyles.csl+json;q=0.9, */*;q=0.1')).toBe('application/vnd.citationstyles.csl+json');
    expect(negotiate('application/x-bibtex;q=0, application/pdf')).toBeUndefined();
    expect(negotiate('image/png')).toBeUndefined();
  });

  it('formats Harvard and Vancouver references through citation-js, chosen by style parameter or format=', () => {
    expect(formatCitations('text/x-bibliography; style=harvard', [study])).toBe(HARVARD);
    expect(formatCitations('text/x-bibliography; style=vancouver', [study])).toBe(VANCOUVER);
    expect(toCslStyle(study, 'harvard1')).toBe(HARVARD);
    expect(negotiate('text/x-bibliography; style=harvard')).toBe('text/x-bibliography; style=harvard');
    expect(negotiate('text/x-bibliography;style=Vancouver')).toBe('text/x-bibliography; style=vancouver');
    expect(negotiate('text/x-bibliography; style=apa')).toBe('text/x-bibliography');
    expect(negotiate('text/x-bibliography; style=chicago')).toBeUndefined();
    expect(CITATION_FORMATS.harvard).toBe('text/x-bibliography; style=harvard');
    // A page of results keeps its order, one reference per line, none numbered.
    const page = formatCitations('text/x-bibliography; style=vancouver', [study, dataset]).split('\n');
    expect(page[0]).toBe(VANCOUVER.trim());
    expect(page[1]).toMatch(/^Dupont JPM, Okafor N, WCO Research Unit\. Seizures_by_HS \{2025\}/);
  });
});

const HARVARD =
  'Dupont, J.-P.M., Okafor, N., and WCO Research Unit (2026) Commerce électronique et petits colis. Study report. World Customs Organization. Available at: https://research.example.org/publications/1a2b3c4d-0000-4000-8000-000000000001/versions/2.\n';
const VANCOUVER =
  'Dupont JPM, Okafor N, WCO Research Unit. Commerce électronique et petits colis [Study report] [Internet]. World Customs Organization; 2026 Jun. (WCO Research Papers). Available from: https://research.example.org/publications/1a2b3c4d-0000-4000-8000-000000000001/versions/2\n';

/** Our BibTeX and RIS read back by citation-js's parsers (a citation library the service does not use to write them). */
describe('citation round-trips through citation-js', () => {
  const expected = {
    title: 'Commerce électronique et petits colis',
    authors: [{ family: 'Dupont', given: 'Jean-Paul Marie' }, { family: 'Okafor', given: 'Ngozi' }, { literal: 'WCO Research Unit' }],
    year: 2026,
    publisher: 'World Customs Organization',
    URL: study.url,
  };
  const fieldsOf = (item: any) => ({
    title: item.title,
    // BibTeX has no literal names: a braced organisation comes back whole as a family name without a given name.
    authors: item.author.map((a: any) =>
      a.literal || !a.given ? { literal: a.literal ?? a.family } : { family: a.family, given: a.given },
    ),
    year: item.issued['date-parts'][0][0],
    publisher: item.publisher,
    URL: item.URL,
  });

  it('parses our BibTeX back to the same title, authors (the organisation unsplit), year, institution, URL and series', () => {
    const [item] = new Cite(toBibtex(study), { forceType: '@bibtex/text' }).data as any[];
    expect(fieldsOf(item)).toEqual(expected);
    expect(item.type).toBe('report');
    // (`version` is a biblatex field that citation-js's BibTeX reader does not map; the URL names the version.)
    expect(item['collection-title']).toBe('WCO Research Papers');
    expect(item.id).toBe('wco-1a2b3c4d-v2');
    const [data] = new Cite(toBibtex(dataset), { forceType: '@bibtex/text' }).data as any[];
    expect(data.title).toBe('Seizures_by_HS {2025}');
  });

  it('parses our RIS back to the same fields, abstract and keywords included', () => {
    const [item] = new Cite(toRis(study), { forceType: '@ris/file' }).data as any[];
    expect(fieldsOf(item)).toEqual(expected);
    expect(item.type).toBe('report');
    expect(item.abstract).toBe('Résumé sur deux lignes.');
    expect(item.language).toBe('fr');
    const [data] = new Cite(toRis(dataset), { forceType: '@ris/file' }).data as any[];
    expect(data.type).toBe('dataset');
  });

  it('reads our CSL-JSON as citeproc input unchanged', () => {
    const [item] = new Cite(toCslJson(study)).data as any[];
    expect(fieldsOf(item)).toEqual(expected);
  });
});
