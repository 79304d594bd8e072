import type { Schemas } from '../api/client';
import { EMPTY_FORM, formOfVersion, keptFiles, publicationBody, uploadMediaType, versionBody } from './publication-form';

const form = {
  ...EMPTY_FORM,
  type: 'policy_brief',
  title: 'Green customs',
  abstract: 'What changes at the border',
  familyName: 'Dupont',
  givenName: ' Jeanne ',
  topics: ['environment_and_sustainability'],
  publicationDate: '2026-06-30',
  keywords: 'climate,  border , ',
};
const file = { name: 'brief.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64) };

describe('the editor’s publication form → the API’s bodies', () => {
  it('makes a new publication: type, access and its first version, the title original, keywords split', () => {
    expect(publicationBody(form, [file])).toEqual({
      type: 'policy_brief',
      access: 'public',
      titles: [{ language: 'en', text: 'Green customs', original: true }],
      abstracts: [{ language: 'en', text: 'What changes at the border' }],
      creators: [{ familyName: 'Dupont', givenName: 'Jeanne' }],
      topics: ['environment_and_sustainability'],
      publicationDate: '2026-06-30',
      licence: 'CC-BY-4.0',
      keywords: ['climate', 'border'],
      files: [file],
    });
  });

  it('leaves out what the form left empty (the API then says what is missing, beside the field)', () => {
    const body = versionBody({ ...EMPTY_FORM }, []);
    expect(body).toEqual({
      titles: [{ language: 'en', text: '', original: true }],
      creators: [{ familyName: '' }],
      topics: [],
      publicationDate: '',
      licence: 'CC-BY-4.0',
    });
    expect(body).not.toHaveProperty('type');
  });

  it('fills a revision from the version revised and keeps its files by SHA-256', () => {
    const v = {
      type: 'policy_brief',
      titles: [
        { language: 'fr', text: 'Douane verte' },
        { language: 'en', text: 'Green customs', original: true },
      ],
      abstracts: [{ language: 'en', text: 'Abstract' }],
      creators: [{ familyName: 'Dupont', givenName: 'Jeanne' }],
      topics: ['environment_and_sustainability'],
      publicationDate: '2026-06-30',
      licence: 'CC-BY-4.0',
      keywords: ['climate', 'border'],
      files: [{ ...file, size: 10, url: 'https://x/f', language: 'en' }],
    } as unknown as Schemas['research-catalogue.VersionView'];
    const revised = formOfVersion(v);
    expect(revised).toMatchObject({ language: 'en', title: 'Green customs', abstract: 'Abstract', keywords: 'climate, border' });
    expect(keptFiles(v)).toEqual([{ ...file, language: 'en' }]);
    expect(versionBody(revised, keptFiles(v)).files).toEqual([{ ...file, language: 'en' }]);
  });

  it('uploads a file the browser cannot type as plain bytes', () => {
    expect(uploadMediaType({ type: '' })).toBe('application/octet-stream');
    expect(uploadMediaType({ type: 'text/plain' })).toBe('text/plain');
  });
});
