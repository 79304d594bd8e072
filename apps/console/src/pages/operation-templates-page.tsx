import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError } from '../api/client';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { requiredFieldLabel } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import { bodyOf, EMPTY_DRAFT, readRefusal, type Template, type TemplateDraft } from '../operations/template-form';
import { FormOutcome } from './form-field';
import { LoadStatus } from './status';
import { TemplateFields } from './template-fields';
import { useApi } from './use-api';

/** The coordinating organisation's operation templates, by name, and the form that keeps a new one. */
export default function OperationTemplatesPage() {
  const i18n = useI18n();
  const { t, code } = i18n;
  const { session } = useSession();
  const templates = useApi<Template[]>('/api/intel/operation-templates');
  const [draft, setDraft] = useState<TemplateDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setFailure(null);
    try {
      const created = await apiJson<Template>('/api/intel/operation-templates', {
        method: 'POST',
        body: bodyOf(draft),
        token: session?.token,
      });
      navigate(`/operation-templates/${created.id}`);
    } catch (error) {
      if (!(error instanceof ApiProblem)) return setFailure(error instanceof Error ? error.message : String(error));
      const refusal = readRefusal(error);
      if (refusal.kind === 'fields') setErrors(refusal.errors);
      else setFailure(error.message);
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('templates.title')}</h1>
      <p>{t('templates.intro')}</p>
      <LoadStatus result={templates} />
      {templates.state === 'ok' && templates.data.length === 0 && <p>{t('templates.empty')}</p>}
      {templates.state === 'ok' && templates.data.length > 0 && (
        <table data-testid="templates">
          <caption className="visually-hidden">{t('templates.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templates.field.name')}</th>
              <th scope="col">{t('operations.col.participants')}</th>
              <th scope="col">{t('operations.field.commodityFocus')}</th>
              <th scope="col">{t('templates.col.required')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.data.map((tp) => (
              <tr key={tp.id}>
                <td>
                  <Link href={`/operation-templates/${tp.id}`}>{tp.name}</Link>
                </td>
                <td>{tp.participants.join(', ')}</td>
                <td>{tp.commodityFocus.map((c) => code('commodityCategory', c)).join(', ')}</td>
                <td>{tp.requiredFields.map((f) => requiredFieldLabel(i18n, f)).join(', ') || t('operation.noRequiredFields')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-template">
        <h2 id="new-template">{t('templates.new')}</h2>
        <form onSubmit={create} noValidate>
          <TemplateFields draft={draft} onChange={setDraft} errors={errors} />
          <button type="submit">{t('templates.create')}</button>
          <FormOutcome errors={errors} failure={failure} />
        </form>
      </section>
      <p>
        <Link href="/operations">{t('operation.back')}</Link>
      </p>
    </>
  );
}
