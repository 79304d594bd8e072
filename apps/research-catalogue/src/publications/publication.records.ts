import type { AccessLevel, Language, PublicationType, Topic } from './domain/vocabulary';

/** What a version stores about itself (DataCite-aligned); immutable once written. */
export interface VersionMetadata {
  titles: { language: Language; text: string; original?: boolean }[];
  abstracts: { language: Language; text: string; original?: boolean }[];
  creators: { familyName: string; givenName?: string; orcid?: string; affiliations?: { name: string; ror?: string }[] }[];
  topics: Topic[];
  series?: string;
  keywords: string[];
  publicationDate: string;
  licence: string;
  relatedIdentifiers: { identifier: string; identifierType: string; relationType: string }[];
  files: StoredFile[];
}

export interface StoredFile {
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  /** Language of the file's text (search configuration); absent in versions written before text extraction. */
  language?: Language;
}

/** A concept record: what is common to all versions, access rules included. */
export interface PublicationRecord {
  id: string;
  externalId: string | null;
  type: PublicationType;
  access: AccessLevel;
  restrictedMembers: string[];
  embargoUntil: string | null;
  embargoed: boolean;
  latestVersion: number;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionRecord {
  id: string;
  publicationId: string;
  version: number;
  metadata: VersionMetadata;
  createdAt: Date;
}

export function originalTitle(metadata: Pick<VersionMetadata, 'titles'>): string {
  return (metadata.titles.find((t) => t.original) ?? metadata.titles[0]).text;
}

export function languagesOf(metadata: Pick<VersionMetadata, 'titles' | 'abstracts'>): Language[] {
  return [...new Set([...metadata.titles, ...metadata.abstracts].map((t) => t.language))];
}
