import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { PUBLICATION_TYPE_LABELS, PUBLISHER, TOPICS } from '../publications/domain/vocabulary';
import type { PublicationType } from '../publications/domain/vocabulary';
import type { VersionMetadata } from '../publications/publication.records';

export const DATACITE_NS = 'http://datacite.org/schema/kernel-4';
export const DATACITE_SCHEMA = 'http://schema.datacite.org/meta/kernel-4.4/metadata.xsd';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** DataCite `resourceTypeGeneral` of each publication type (the type's label is the free-text resourceType). */
const RESOURCE_TYPE_GENERAL: Record<PublicationType, string> = {
  study_report: 'Report',
  environmental_scan: 'Report',
  research_paper: 'Text',
  working_paper: 'Report',
  policy_brief: 'Report',
  dataset: 'Dataset',
};

export interface DataCiteRecord {
  type: PublicationType;
  version: number;
  metadata: VersionMetadata;
  /** The record's landing page. */
  url: string;
}

/**
 * A DataCite Metadata Schema 4 `<resource>` (metadataPrefix `datacite`). The catalogue mints no DOIs: the
 * `identifier` is the landing page URL (identifierType `URL`), where DataCite's own schema demands a DOI; everything
 * else follows kernel 4.4 (creators with ORCID and ROR affiliations, multilingual titles with the translations
 * marked, SPDX rights, typed related identifiers, the series as SeriesInformation).
 */
export function appendDataCite(parent: XMLBuilder, r: DataCiteRecord, clean: (text: string) => string): void {
  const m = r.metadata;
  const resource = parent.ele(DATACITE_NS, 'resource').att(XSI_NS, 'xsi:schemaLocation', `${DATACITE_NS} ${DATACITE_SCHEMA}`);
  const text = (el: XMLBuilder, value: string) => el.txt(clean(value));
  resource.ele('identifier').att('identifierType', 'URL').txt(r.url);

  const creators = resource.ele('creators');
  for (const c of m.creators) {
    const creator = creators.ele('creator');
    text(
      creator.ele('creatorName').att('nameType', c.givenName ? 'Personal' : 'Organizational'),
      c.givenName ? `${c.familyName}, ${c.givenName}` : c.familyName,
    );
    if (c.givenName) {
      text(creator.ele('givenName'), c.givenName);
      text(creator.ele('familyName'), c.familyName);
    }
    if (c.orcid)
      creator
        .ele('nameIdentifier')
        .att('nameIdentifierScheme', 'ORCID')
        .att('schemeURI', 'https://orcid.org')
        .txt(`https://orcid.org/${c.orcid}`);
    for (const a of c.affiliations ?? []) {
      const affiliation = creator.ele('affiliation');
      if (a.ror)
        affiliation.att('affiliationIdentifier', a.ror).att('affiliationIdentifierScheme', 'ROR').att('schemeURI', 'https://ror.org');
      text(affiliation, a.name);
    }
  }

  const titles = resource.ele('titles');
  for (const t of m.titles) {
    const title = titles.ele('title').att(XML_NS, 'xml:lang', t.language);
    if (!t.original) title.att('titleType', 'TranslatedTitle');
    text(title, t.text);
  }
  resource.ele('publisher').txt(PUBLISHER);
  resource.ele('publicationYear').txt(m.publicationDate.slice(0, 4));
  resource.ele('resourceType').att('resourceTypeGeneral', RESOURCE_TYPE_GENERAL[r.type]).txt(PUBLICATION_TYPE_LABELS[r.type]);

  if (m.topics.length || m.keywords.length) {
    const subjects = resource.ele('subjects');
    for (const topic of m.topics)
      subjects
        .ele('subject')
        .att(XML_NS, 'xml:lang', 'en')
        .att('subjectScheme', 'WCO Strategic Plan topics')
        .att('valueURI', `urn:wco:topic:${topic}`)
        .txt(TOPICS[topic]);
    for (const k of m.keywords) text(subjects.ele('subject'), k);
  }
  resource.ele('dates').ele('date').att('dateType', 'Issued').txt(m.publicationDate);
  resource.ele('language').txt((m.titles.find((t) => t.original) ?? m.titles[0]).language);
  if (m.relatedIdentifiers.length) {
    const related = resource.ele('relatedIdentifiers');
    for (const ri of m.relatedIdentifiers)
      text(
        related.ele('relatedIdentifier').att('relatedIdentifierType', ri.identifierType).att('relationType', ri.relationType),
        ri.identifier,
      );
  }
  if (m.files.length) {
    const sizes = resource.ele('sizes');
    for (const f of m.files) sizes.ele('size').txt(`${f.size} bytes`);
    const formats = resource.ele('formats');
    for (const f of [...new Set(m.files.map((file) => file.mediaType))]) formats.ele('format').txt(f);
  }
  resource.ele('version').txt(String(r.version));
  resource
    .ele('rightsList')
    .ele('rights')
    .att('rightsURI', `https://spdx.org/licenses/${m.licence}.html`)
    .att('rightsIdentifier', m.licence)
    .att('rightsIdentifierScheme', 'SPDX')
    .att('schemeURI', 'https://spdx.org/licenses/')
    .txt(m.licence);
  if (m.abstracts.length || m.series) {
    const descriptions = resource.ele('descriptions');
    for (const a of m.abstracts)
      text(descriptions.ele('description').att(XML_NS, 'xml:lang', a.language).att('descriptionType', 'Abstract'), a.text);
    if (m.series) text(descriptions.ele('description').att('descriptionType', 'SeriesInformation'), m.series);
  }
}
