import type { CitableVersion } from './citation-formats';
import { negotiate, toApa, toBibtex, toCslJson, toRis } from './citation-formats';

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
});
