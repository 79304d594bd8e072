// The closed vocabularies of the catalogue. The API and the events spell them the same way (snake_case codes).

export const PUBLICATION_TYPES = [
  'study_report',
  'environmental_scan',
  'research_paper',
  'working_paper',
  'policy_brief',
  'dataset',
] as const;
export type PublicationType = (typeof PUBLICATION_TYPES)[number];

export const PUBLICATION_TYPE_LABELS: Record<PublicationType, string> = {
  study_report: 'Study report',
  environmental_scan: 'Environmental scan',
  research_paper: 'Research paper',
  working_paper: 'Working paper',
  policy_brief: 'Policy brief',
  dataset: 'Dataset',
};

/**
 * Topics tied to the WCO Strategic Plan's focus areas. A topic outside this list is refused: subscribers follow
 * these codes, and a free-text topic nobody can subscribe to would never be notified.
 */
export const TOPICS = {
  trade_facilitation: 'Trade facilitation',
  revenue_collection: 'Revenue collection',
  enforcement_and_compliance: 'Enforcement and compliance',
  organisational_development: 'Organisational development',
  technology_and_data: 'Technology and data',
  environment_and_sustainability: 'Environment and sustainability',
  security_and_border_management: 'Security and border management',
} as const;
export type Topic = keyof typeof TOPICS;
export const TOPIC_CODES = Object.keys(TOPICS) as Topic[];

/** Languages of titles and abstracts, with the PostgreSQL text-search configuration of each. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const TEXT_SEARCH_CONFIG: Record<Language, string> = { en: 'english', fr: 'french', es: 'spanish', ar: 'arabic', ru: 'russian' };
/** French and Spanish are indexed and queried without accents: "developpement" finds "développement". */
export const UNACCENTED: ReadonlySet<Language> = new Set(['fr', 'es']);

export const ACCESS_LEVELS = ['public', 'members', 'restricted'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** SPDX licence identifiers the research unit publishes under (a subset of the SPDX list, exact spelling). */
export const LICENCES = [
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-ND-4.0',
  'CC-BY-NC-ND-4.0',
  'CC0-1.0',
  'ODbL-1.0',
  'ODC-By-1.0',
  'Apache-2.0',
  'MIT',
] as const;
export type Licence = (typeof LICENCES)[number];

/** DataCite relatedIdentifierType values accepted here. */
export const RELATED_IDENTIFIER_TYPES = ['DOI', 'URL', 'ISBN', 'ISSN', 'Handle', 'URN'] as const;
/** DataCite relationType values accepted here. */
export const RELATION_TYPES = [
  'IsCitedBy',
  'Cites',
  'IsSupplementTo',
  'IsSupplementedBy',
  'IsPartOf',
  'HasPart',
  'References',
  'IsReferencedBy',
  'IsDerivedFrom',
  'IsSourceOf',
  'IsTranslationOf',
  'HasTranslation',
] as const;

/** Publisher of every record (DataCite `publisher`, Dublin Core `dc:publisher`). */
export const PUBLISHER = 'World Customs Organization';
