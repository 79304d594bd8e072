import { useEffect, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import {
  researchCatalogueCreatePublicationDtoAccessValues as ACCESS,
  researchCatalogueCreatePublicationDtoLicenceValues as LICENCES,
  researchCatalogueCreatePublicationDtoTopicsValues as TOPICS,
  researchCatalogueCreatePublicationDtoTypeValues as TYPES,
  researchCatalogueLocalizedTextDtoLanguageValues as LANGUAGES,
} from '../api/schema';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import {
  EMPTY_FORM,
  formOfVersion,
  keptFiles,
  publicationBody,
  uploadMediaType,
  versionBody,
  type PublicationForm,
} from '../research/publication-form';
import { CheckboxGroup, Field, FieldErrorText, FormOutcome, SelectField, TextAreaField } from './form-field';
import { LoadStatus } from './status';
import { useApi } from './use-api';

type Publication = Schemas['research-catalogue.PublicationView'];
type Version = Schemas['research-catalogue.VersionView'];
type Topic = (typeof TOPICS)[number];

/**
 * An editor publishes a publication (its first version) or, with `id`, revises one (a new version, filled from the
 * latest). A chosen file is uploaded first (PUT /uploads/{name}, the file as the streamed body), then listed in the
 * version by its SHA-256. Every field is named by its path in the API's body, so the API's errors show beside it.
 */
export default function PublicationEditPage({ id }: { id?: string }) {
  const { t, code, named } = useI18n();
  const { session } = useSession();
  const existing = useApi<Publication>(id ? `/api/research/publications/${encodeURIComponent(id)}` : null);
  const current = existing.state === 'ok' ? (existing.data.current as Version | undefined) : undefined;
  const [form, setForm] = useState<PublicationForm>(EMPTY_FORM);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [fileErrors, setFileErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current) setForm(formOfVersion(current));
  }, [current]);

  if (id && existing.state !== 'ok') return <LoadStatus result={existing} />;
  const set = (key: keyof PublicationForm) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setFileErrors([]);
    setFailure(null);
    try {
      const files = current ? keptFiles(current) : [];
      if (file) {
        try {
          const uploaded = await apiJson<Schemas['research-catalogue.UploadView']>(
            `/api/research/uploads/${encodeURIComponent(file.name)}`,
            {
              method: 'PUT',
              body: file,
              contentType: uploadMediaType(file),
              token: session?.token,
            },
          );
          files.push(uploaded.file);
        } catch (error) {
          // The upload's refusals (its name, its media type, its size) belong to the file field.
          const reasons = error instanceof ApiProblem ? error.errors.map((e) => e.reason).join('; ') : '';
          setFileErrors([{ field: 'file', reason: reasons || (error instanceof Error ? error.message : String(error)) }]);
          return;
        }
      }
      if (id) {
        await apiJson<Version>(`/api/research/publications/${encodeURIComponent(id)}/versions`, {
          method: 'POST',
          body: versionBody(form, files),
          token: session?.token,
        });
        navigate(`/research/${encodeURIComponent(id)}`);
      } else {
        const created = await apiJson<Publication>('/api/research/publications', {
          method: 'POST',
          body: publicationBody(form, files),
          token: session?.token,
        });
        navigate(`/research/${encodeURIComponent(created.id)}`);
      }
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  // The upload's refusals and the version's about its files (a SHA-256 not uploaded...), beside the file field.
  const fileProblems = [...fileErrors, ...errors.filter((e) => e.field === 'files' || e.field.startsWith('files.'))].map((e) => ({
    ...e,
    field: 'file',
  }));
  const title = id
    ? t('pubEdit.reviseTitle', { version: (existing.state === 'ok' ? existing.data.latestVersion : 0) + 1 })
    : t('pubEdit.newTitle');
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {id && current && (
        <p>
          <Link href={`/research/${encodeURIComponent(id)}`}>{t('pubEdit.back')}</Link>
        </p>
      )}
      <form onSubmit={submit} noValidate>
        {!id && (
          <>
            <SelectField
              name="type"
              label={t('pubEdit.type')}
              errors={errors}
              placeholder={t('report.choose')}
              options={TYPES.map((v) => ({ value: v, label: code('publicationType', v) }))}
              value={form.type}
              onChange={set('type')}
            />
            <SelectField
              name="access"
              label={t('pubEdit.access')}
              errors={errors}
              options={ACCESS.map((v) => ({ value: v, label: code('access', v) }))}
              value={form.access}
              onChange={set('access')}
            />
          </>
        )}
        <SelectField
          name="titles.0.language"
          label={t('pubEdit.language')}
          errors={errors}
          options={named('language', LANGUAGES)}
          value={form.language}
          onChange={set('language')}
        />
        <Field name="titles.0.text" label={t('pubEdit.title')} errors={errors} value={form.title} onChange={set('title')} />
        <TextAreaField
          name="abstracts.0.text"
          label={t('pubEdit.abstract')}
          errors={errors}
          value={form.abstract}
          onChange={set('abstract')}
        />
        <fieldset>
          <legend>{t('pubEdit.author')}</legend>
          <Field
            name="creators.0.familyName"
            label={t('pubEdit.familyName')}
            errors={errors}
            value={form.familyName}
            onChange={set('familyName')}
          />
          <Field
            name="creators.0.givenName"
            label={t('pubEdit.givenName')}
            errors={errors}
            value={form.givenName}
            onChange={set('givenName')}
          />
        </fieldset>
        <CheckboxGroup<Topic>
          name="topics"
          legend={t('pubEdit.topics')}
          values={TOPICS}
          chosen={form.topics as Topic[]}
          onChange={(topics) => setForm((f) => ({ ...f, topics }))}
          errors={errors}
          label={(v) => code('topic', v)}
        />
        <Field
          name="publicationDate"
          type="date"
          label={t('pubEdit.date')}
          errors={errors}
          value={form.publicationDate}
          onChange={set('publicationDate')}
        />
        <SelectField
          name="licence"
          label={t('pubEdit.licence')}
          errors={errors}
          options={LICENCES.map((v) => ({ value: v, label: v }))}
          value={form.licence}
          onChange={set('licence')}
        />
        <Field
          name="keywords"
          label={t('pubEdit.keywords')}
          hint={t('pubEdit.keywordsHint')}
          errors={errors}
          value={form.keywords}
          onChange={set('keywords')}
        />
        {current && current.files.length > 0 && (
          <p id="kept-files">{t('pubEdit.keptFiles', { files: current.files.map((f) => f.name).join(', ') })}</p>
        )}
        <div className={fileProblems.length ? 'field invalid' : 'field'}>
          <label htmlFor="f-file">{t('pubEdit.file')}</label>
          <input
            id="f-file"
            type="file"
            aria-invalid={fileProblems.length ? true : undefined}
            aria-describedby={fileProblems.length ? 'f-file-error' : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <FieldErrorText name="file" errors={fileProblems} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('pubEdit.busy') : id ? t('pubEdit.revise') : t('pubEdit.publish')}
        </button>
        <FormOutcome errors={[...errors, ...fileErrors]} failure={failure} />
      </form>
    </>
  );
}
