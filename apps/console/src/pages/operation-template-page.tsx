import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { bodyOf, draftOf, readRefusal, type Template, type TemplateDraft } from '../operations/template-form';
import { Field, FormOutcome } from './form-field';
import { LoadStatus } from './status';
import { TemplateFields } from './template-fields';
import { useApi } from './use-api';

type Operation = Schemas['intel-exchange.OperationView'];

/**
 * One operation template: edit it at the version read (a newer version on the server is explained, with "reload"),
 * delete it after a confirmation, and create a planned operation from it (name and dates).
 */
export default function OperationTemplatePage({ id }: { id: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const base = `/api/intel/operation-templates/${encodeURIComponent(id)}`;
  const template = useApi<Template>(base, undefined, reload);
  const [draft, setDraft] = useState<TemplateDraft | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const conflictRef = useRef<HTMLDivElement>(null);
  // Asked to confirm the deletion, the focus goes to "keep it" (the safe answer), so Enter does not delete by mistake.
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);
  // The form holds the version it was filled from; a reload (after a conflict) fills it again from the server.
  useEffect(() => {
    if (template.state !== 'ok') return;
    setDraft(draftOf(template.data));
    setVersion(template.data.version);
  }, [template]);
  useEffect(() => {
    if (conflict !== undefined) conflictRef.current?.focus();
  }, [conflict]);

  const [opName, setOpName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [opErrors, setOpErrors] = useState<FieldError[]>([]);
  const [opFailure, setOpFailure] = useState<string | null>(null);

  function clear() {
    setErrors([]);
    setFailure(null);
    setSaid(null);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft || version === null) return;
    clear();
    setConflict(undefined);
    try {
      const saved = await apiJson<Template>(base, { method: 'PUT', body: { ...bodyOf(draft), version }, token: session?.token });
      setDraft(draftOf(saved));
      setVersion(saved.version);
      setReload((n) => n + 1);
      setSaid(t('template.saved', { version: saved.version }));
    } catch (error) {
      if (!(error instanceof ApiProblem)) return setFailure(error instanceof Error ? error.message : String(error));
      const refusal = readRefusal(error);
      if (refusal.kind === 'conflict') setConflict(refusal.currentVersion);
      else if (refusal.kind === 'fields') setErrors(refusal.errors);
      else setFailure(refusal.detail);
    }
  }

  function reloadTemplate() {
    setConflict(undefined);
    clear();
    setReload((n) => n + 1);
  }

  async function remove() {
    clear();
    try {
      await apiJson<Template>(base, { method: 'DELETE', token: session?.token });
      navigate('/operation-templates');
    } catch (error) {
      setConfirming(false);
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  async function instantiate(event: FormEvent) {
    event.preventDefault();
    setOpErrors([]);
    setOpFailure(null);
    try {
      const created = await apiJson<Operation>(`${base}/operations`, {
        method: 'POST',
        body: { name: opName, startsOn, endsOn },
        token: session?.token,
      });
      navigate(`/operations/${created.id}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setOpErrors(error.errors);
      else setOpFailure(error instanceof Error ? error.message : String(error));
    }
  }

  if (!draft || template.state !== 'ok') return <LoadStatus result={template} />;
  const tp = template.data;
  return (
    <>
      <h1 tabIndex={-1}>{t('template.title', { name: tp.name })}</h1>
      <p className="meta" data-testid="template-version">
        {t('template.version', { version: version ?? tp.version })}
      </p>

      <section aria-labelledby="from-template">
        <h2 id="from-template">{t('template.instantiate')}</h2>
        <form onSubmit={instantiate} noValidate>
          <Field
            name="name"
            prefix="op"
            label={t('operations.field.name')}
            errors={opErrors}
            value={opName}
            onChange={(e) => setOpName(e.target.value)}
          />
          <Field
            name="startsOn"
            prefix="op"
            label={t('operations.field.startsOn')}
            type="date"
            errors={opErrors}
            value={startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
          />
          <Field
            name="endsOn"
            prefix="op"
            label={t('operations.field.endsOn')}
            type="date"
            errors={opErrors}
            value={endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
          />
          <button type="submit">{t('template.instantiateButton')}</button>
          <FormOutcome errors={opErrors} failure={opFailure} />
        </form>
      </section>

      <section aria-labelledby="edit-template">
        <h2 id="edit-template">{t('template.edit')}</h2>
        {conflict !== undefined && (
          <div role="alert" className="notice" tabIndex={-1} ref={conflictRef} data-testid="template-conflict">
            <p>
              {conflict === null
                ? t('template.conflictUnknown')
                : t('template.conflict', { read: version ?? tp.version, current: conflict })}
            </p>
            <button type="button" onClick={reloadTemplate}>
              {t('template.reload')}
            </button>
          </div>
        )}
        <form onSubmit={save} noValidate>
          <TemplateFields draft={draft} onChange={setDraft} errors={errors} />
          <button type="submit">{t('template.save')}</button>
          <p role="status">{said}</p>
          <FormOutcome errors={errors} failure={failure} />
        </form>
      </section>

      <section aria-labelledby="delete-template">
        <h2 id="delete-template">{t('template.delete')}</h2>
        <p>{t('template.deleteHint')}</p>
        {confirming ? (
          <div role="alertdialog" aria-labelledby="confirm-delete" className="notice">
            <p id="confirm-delete">{t('template.confirmDelete', { name: tp.name })}</p>
            <button type="button" onClick={() => void remove()}>
              {t('template.confirmDeleteYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)} ref={keepRef}>
              {t('template.confirmDeleteNo')}
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('template.deleteButton')}
          </button>
        )}
      </section>
      <p>
        <Link href="/operation-templates">{t('templates.back')}</Link>
      </p>
    </>
  );
}
