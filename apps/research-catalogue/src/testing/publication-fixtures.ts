import { createHash } from 'node:crypto';

/** A valid creation body; tests override what they are about. */
export function publicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'study_report',
    access: 'public',
    titles: [
      { language: 'en', text: 'Small parcels and e-commerce risk management', original: true },
      { language: 'fr', text: 'Petits colis et gestion des risques du commerce électronique' },
    ],
    abstracts: [{ language: 'en', text: 'How customs administrations screen low-value consignments.' }],
    creators: [
      {
        familyName: 'Dupont',
        givenName: 'Jeanne',
        orcid: '0000-0002-1825-0097',
        affiliations: [{ name: 'Brown University', ror: '05gq02987' }],
      },
      { familyName: 'WCO Research Unit' },
    ],
    topics: ['trade_facilitation'],
    series: 'WCO Research Papers',
    keywords: ['e-commerce'],
    publicationDate: '2026-03-15',
    licence: 'CC-BY-4.0',
    ...overrides,
  };
}

export function fileOf(name: string, content: string, mediaType = 'application/pdf') {
  const bytes = Buffer.from(content);
  return { name, mediaType, sha256: createHash('sha256').update(bytes).digest('hex'), contentBase64: bytes.toString('base64') };
}

/** `title` as the only (original) English title. */
export function titled(title: string, language = 'en'): Record<string, unknown> {
  return { titles: [{ language, text: title, original: true }], abstracts: [] };
}
