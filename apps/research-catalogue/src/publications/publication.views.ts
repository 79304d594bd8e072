import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isCatalogueEditor } from './domain/access-policy';
import type { Reader } from './domain/access-policy';
import { ACCESS_LEVELS, LANGUAGES, PUBLICATION_TYPES, TOPIC_CODES } from './domain/vocabulary';
import type { Language } from './domain/vocabulary';
import { languagesOf, originalTitle } from './publication.records';
import type { PublicationRecord, VersionMetadata, VersionRecord } from './publication.records';
import type { SearchHit } from './publications.repository';

export class LocalizedTextView {
  @ApiProperty({ enum: LANGUAGES }) language: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional() original?: boolean;
}

export class AffiliationView {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ example: 'https://ror.org/05gq02987' }) ror?: string;
}

export class CreatorView {
  @ApiProperty() familyName: string;
  @ApiPropertyOptional() givenName?: string;
  @ApiPropertyOptional({ example: '0000-0002-1825-0097' }) orcid?: string;
  @ApiPropertyOptional({ type: [AffiliationView] }) affiliations?: AffiliationView[];
}

export class RelatedIdentifierView {
  @ApiProperty() identifier: string;
  @ApiProperty() identifierType: string;
  @ApiProperty() relationType: string;
}

export class FileView {
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty() mediaType: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of the file’s text' }) language?: Language;
  @ApiProperty({ format: 'uri' }) url: string;
}

/** An access rule as PUT /publications/:id/access sets it. */
export class AccessRuleView {
  @ApiProperty({ enum: ACCESS_LEVELS }) access: string;
  @ApiProperty({ type: [String], description: 'The named Members of a restricted publication' }) restrictedMembers: string[];
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) embargoUntil: string | null;
  @ApiProperty({ description: 'Under embargo then' }) embargoed: boolean;
}

/** One change of a publication's access rule: who, when, why, from what to what. */
export class AccessChangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
  @ApiProperty({ description: 'The editor (token subject)' }) changedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: AccessRuleView }) before: AccessRuleView;
  @ApiProperty({ type: AccessRuleView }) after: AccessRuleView;
}

export class AccessHistoryView {
  @ApiProperty({ type: [AccessChangeView], description: 'Oldest first' }) items: AccessChangeView[];
}

/** One immutable version, citable with its own id and URL. */
export class VersionView {
  @ApiProperty({ format: 'uuid', description: 'The version’s own identifier' }) id: string;
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty({ minimum: 1 }) version: number;
  @ApiProperty({ description: 'Whether a later version supersedes this one' }) superseded: boolean;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty({ enum: PUBLICATION_TYPES }) type: string;
  @ApiProperty({ type: [LocalizedTextView] }) titles: LocalizedTextView[];
  @ApiProperty({ type: [LocalizedTextView] }) abstracts: LocalizedTextView[];
  @ApiProperty({ type: [CreatorView] }) creators: CreatorView[];
  @ApiProperty({ enum: TOPIC_CODES, isArray: true }) topics: string[];
  @ApiPropertyOptional() series?: string;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty({ format: 'date' }) publicationDate: string;
  @ApiProperty({ description: 'SPDX id' }) licence: string;
  @ApiProperty({ type: [RelatedIdentifierView] }) relatedIdentifiers: RelatedIdentifierView[];
  @ApiProperty({ type: [FileView] }) files: FileView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class VersionRefView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WithdrawalView {
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) withdrawnAt: string;
}

/** A concept record: its access rule, its versions, and the latest one (or the tombstone once withdrawn). */
export class PublicationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['published', 'embargoed', 'withdrawn'] }) status: string;
  @ApiProperty({ enum: PUBLICATION_TYPES }) type: string;
  @ApiProperty({ enum: ACCESS_LEVELS }) access: string;
  @ApiPropertyOptional({ type: [String], description: 'Only shown to editors' }) restrictedMembers?: string[];
  @ApiPropertyOptional({ format: 'date', description: 'Only shown to editors' }) embargoUntil?: string;
  @ApiPropertyOptional({ description: 'Only shown to editors' }) externalId?: string;
  @ApiProperty() latestVersion: number;
  @ApiProperty({ type: [VersionRefView] }) versions: VersionRefView[];
  @ApiPropertyOptional({ type: VersionView, description: 'Absent once withdrawn' }) current?: VersionView;
  @ApiPropertyOptional({ type: WithdrawalView }) withdrawal?: WithdrawalView;
}

export class HighlightPartView {
  @ApiProperty() text: string;
  @ApiProperty({ description: 'A word the query found' }) match: boolean;
}

export class HighlightView {
  @ApiProperty({ enum: ['title', 'abstract', 'file'] }) field: 'title' | 'abstract' | 'file';
  @ApiPropertyOptional({ description: 'With field `file`: the name of the file whose text matched' }) file?: string;
  @ApiProperty({ enum: LANGUAGES }) language: string;
  @ApiProperty({ type: [HighlightPartView], description: 'The text (a title whole, an abstract or a file’s text as fragments) in parts' })
  parts: HighlightPartView[];
}

export class SearchItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: PUBLICATION_TYPES }) type: string;
  @ApiProperty({ enum: ACCESS_LEVELS }) access: string;
  @ApiProperty({ description: 'In the original language' }) title: string;
  @ApiProperty({ type: [LocalizedTextView] }) titles: LocalizedTextView[];
  @ApiProperty({ format: 'date' }) publicationDate: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiPropertyOptional({ type: [HighlightView], description: 'With `q`: the titles, abstracts and file texts where its words were found' })
  highlights?: HighlightView[];
}

export class FacetValueView {
  @ApiProperty() value: string;
  @ApiProperty() count: number;
}

export class FacetsView {
  @ApiProperty({ type: [FacetValueView] }) type: FacetValueView[];
  @ApiProperty({ type: [FacetValueView] }) topic: FacetValueView[];
  @ApiProperty({ type: [FacetValueView] }) year: FacetValueView[];
  @ApiProperty({ type: [FacetValueView] }) language: FacetValueView[];
  @ApiProperty({ type: [FacetValueView] }) access: FacetValueView[];
  @ApiProperty({ type: [FacetValueView] }) series: FacetValueView[];
}

export class SearchResultView {
  @ApiProperty({ type: [SearchItemView] }) items: SearchItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'Matches the caller may see, counted exactly up to SEARCH_COUNT_CAP (then the cap itself)' }) total: number;
  @ApiProperty({ description: 'true when there are more than `total` matches (the count stopped at the cap): show "more than <total>"' })
  totalCapped: boolean;
  @ApiProperty({ type: FacetsView, description: 'Counted over the matches the caller may see' }) facets: FacetsView;
  @ApiPropertyOptional({
    description: 'With `q`: the query with its unknown words replaced by the closest words of the public catalogue ("did you mean")',
  })
  suggestion?: string;
}

const urlOf = (base: string, id: string, version?: number) => `${base}/publications/${id}${version ? `/versions/${version}` : ''}`;

export function toVersionView(p: PublicationRecord, v: VersionRecord, base: string): VersionView {
  const m: VersionMetadata = v.metadata;
  return {
    id: v.id,
    publicationId: p.id,
    version: v.version,
    superseded: v.version < p.latestVersion,
    url: urlOf(base, p.id, v.version),
    type: p.type,
    titles: m.titles,
    abstracts: m.abstracts,
    creators: m.creators,
    topics: m.topics,
    ...(m.series ? { series: m.series } : {}),
    keywords: m.keywords,
    publicationDate: m.publicationDate,
    licence: m.licence,
    relatedIdentifiers: m.relatedIdentifiers,
    files: m.files.map((f) => ({ ...f, url: `${urlOf(base, p.id, v.version)}/files/${encodeURIComponent(f.name)}` })),
    createdAt: v.createdAt.toISOString(),
  };
}

export function toPublicationView(
  p: PublicationRecord,
  latest: VersionRecord,
  versions: VersionRecord[],
  reader: Reader,
  base: string,
): PublicationView {
  const editor = isCatalogueEditor(reader);
  return {
    id: p.id,
    status: p.withdrawnAt ? 'withdrawn' : p.embargoed ? 'embargoed' : 'published',
    type: p.type,
    access: p.access,
    // Who else may read it and until when it is held back are the editors' business.
    ...(editor && p.access === 'restricted' ? { restrictedMembers: p.restrictedMembers } : {}),
    ...(editor && p.embargoUntil ? { embargoUntil: p.embargoUntil } : {}),
    ...(editor && p.externalId ? { externalId: p.externalId } : {}),
    latestVersion: p.latestVersion,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      url: urlOf(base, p.id, v.version),
      createdAt: v.createdAt.toISOString(),
    })),
    ...(p.withdrawnAt
      ? { withdrawal: { reason: p.withdrawalReason as string, withdrawnAt: p.withdrawnAt.toISOString() } }
      : { current: toVersionView(p, latest, base) }),
  };
}

export function toSummary(r: SearchHit, base: string): SearchItemView {
  return {
    id: r.id,
    versionId: r.version_id,
    version: r.version,
    type: r.type,
    access: r.access,
    title: originalTitle(r.metadata),
    titles: r.metadata.titles,
    publicationDate: r.metadata.publicationDate,
    topics: r.metadata.topics,
    languages: languagesOf(r.metadata),
    url: urlOf(base, r.id),
  };
}
