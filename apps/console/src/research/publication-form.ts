import type { Schemas } from '../api/client';

type CreateBody = Schemas['research-catalogue.CreatePublicationDto'];
type VersionBody = Schemas['research-catalogue.VersionMetadataDto'];
type FileRef = Schemas['research-catalogue.FileUploadDto'];
type Version = Schemas['research-catalogue.VersionView'];

/**
 * What the editor's form holds: one title and abstract (in the work's original language), one author, the topics,
 * the date, the licence, keywords typed as "a, b". The API checks everything; this only shapes the body, and the
 * form's fields are named by the body's paths (`titles.0.text`) so that the API's errors land beside them.
 */
export interface PublicationForm {
  type: string;
  access: string;
  language: string;
  title: string;
  abstract: string;
  familyName: string;
  givenName: string;
  topics: string[];
  publicationDate: string;
  licence: string;
  keywords: string;
}

export const EMPTY_FORM: PublicationForm = {
  type: '',
  access: 'public',
  language: 'en',
  title: '',
  abstract: '',
  familyName: '',
  givenName: '',
  topics: [],
  publicationDate: '',
  licence: 'CC-BY-4.0',
  keywords: '',
};

/** A version's metadata from the form, with its files (already uploaded, or kept from the version revised). */
export function versionBody(form: PublicationForm, files: FileRef[]): VersionBody {
  const keywords = form.keywords
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const given = form.givenName.trim();
  return {
    titles: [{ language: form.language as VersionBody['titles'][number]['language'], text: form.title, original: true }],
    ...(form.abstract.trim()
      ? { abstracts: [{ language: form.language as VersionBody['titles'][number]['language'], text: form.abstract }] }
      : {}),
    creators: [{ familyName: form.familyName, ...(given ? { givenName: given } : {}) }],
    topics: form.topics as VersionBody['topics'],
    publicationDate: form.publicationDate,
    licence: form.licence as VersionBody['licence'],
    ...(keywords.length ? { keywords } : {}),
    ...(files.length ? { files } : {}),
  };
}

/** A new publication's body: its type and access, and its first version. */
export function publicationBody(form: PublicationForm, files: FileRef[]): CreateBody {
  return { type: form.type as CreateBody['type'], access: form.access as CreateBody['access'], ...versionBody(form, files) };
}

/** The form filled from the version an editor revises (the original title, the first abstract and author). */
export function formOfVersion(v: Version): PublicationForm {
  const title = v.titles.find((t) => t.original) ?? v.titles[0];
  const abstract = v.abstracts.find((a) => a.language === title?.language) ?? v.abstracts[0];
  const creator = v.creators[0];
  return {
    ...EMPTY_FORM,
    type: v.type,
    language: title?.language ?? 'en',
    title: title?.text ?? '',
    abstract: abstract?.text ?? '',
    familyName: creator?.familyName ?? '',
    givenName: creator?.givenName ?? '',
    topics: [...v.topics],
    publicationDate: v.publicationDate,
    licence: v.licence,
    keywords: v.keywords.join(', '),
  };
}

/** A version's files as a revision lists them again (by SHA-256: their content is already stored). */
export const keptFiles = (v: Version): FileRef[] =>
  v.files.map((f) => ({ name: f.name, mediaType: f.mediaType, sha256: f.sha256, ...(f.language ? { language: f.language } : {}) }));

/** The media type an upload is sent with: the browser's guess, or plain bytes when it has none. */
export const uploadMediaType = (file: { type: string }): string => file.type || 'application/octet-stream';
