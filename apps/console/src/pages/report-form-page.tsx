import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import type { Option } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import { fieldOfError, REPORT_SECTIONS, reportBody, type FieldSpec, type FormValues } from './report-fields';

const inputId = (path: string): string => `f-${path.replace(/\./g, '-')}`;
const errorId = (path: string): string => `${inputId(path)}-error`;

/** The officer's seizure-report form; the draft is kept in localStorage (per user) while the officer works. */
export default function ReportFormPage() {
  const { t, code, named } = useI18n();
  const { session } = useSession();
  /** A select's options: the API's codes as values, labelled in the person's language (countries by name, in order). */
  const optionsOf = (field: FieldSpec): Option[] => {
    const values = field.options ?? [];
    if (field.labels === 'country' || field.labels === 'currency' || field.labels === 'language') return named(field.labels, values);
    const list = field.labels;
    return values.map((v) => ({ value: String(v), label: list ? code(list, v) : String(v) }));
  };
  const draftKey = `wco.console.draft.report.${session?.user.id ?? 'anonymous'}`;
  const [values, setValues] = useState<FormValues>(() => {
    try {
      return JSON.parse(localStorage.getItem(draftKey) ?? '{}') as FormValues;
    } catch {
      return {};
    }
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<Schemas['intel-exchange.ReportView'] | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The journey's figure: when the form can take input (read by the Playwright run).
  useEffect(() => {
    performance.mark('report-form-interactive');
  }, []);

  useEffect(() => {
    if (Object.keys(values).length > 0) localStorage.setItem(draftKey, JSON.stringify(values));
  }, [values, draftKey]);

  useEffect(() => {
    if (errors.length > 0 || failure) summaryRef.current?.focus();
  }, [errors, failure]);

  const errorsByField = new Map<string, FieldError[]>();
  for (const e of errors) {
    const field = fieldOfError(e.field);
    if (field) errorsByField.set(field, [...(errorsByField.get(field) ?? []), e]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      const report = await apiJson<Schemas['intel-exchange.ReportView']>('/api/intel/reports', {
        method: 'POST',
        body: reportBody(values),
        token: session?.token,
      });
      localStorage.removeItem(draftKey);
      setValues({});
      setCreated(report);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  function discard() {
    localStorage.removeItem(draftKey);
    setValues({});
    setErrors([]);
  }

  const set = (path: string, value: string) => setValues((v) => ({ ...v, [path]: value }));

  function control(field: FieldSpec) {
    const id = inputId(field.path);
    const fieldErrors = errorsByField.get(field.path) ?? [];
    const describedBy =
      [fieldErrors.length ? errorId(field.path) : '', field.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id,
      name: field.path,
      value: values[field.path] ?? '',
      'aria-invalid': fieldErrors.length > 0 || undefined,
      'aria-describedby': describedBy,
      'aria-required': field.required || undefined,
    };
    let input;
    if (field.kind === 'select') {
      input = (
        <select {...common} onChange={(e) => set(field.path, e.target.value)}>
          <option value="">{t('report.choose')}</option>
          {optionsOf(field).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    } else {
      const type = { text: 'text', list: 'text', number: 'number', date: 'date', datetime: 'datetime-local' }[field.kind];
      input = (
        <input
          {...common}
          type={type}
          step={field.kind === 'number' ? 'any' : undefined}
          onChange={(e) => set(field.path, e.target.value)}
        />
      );
    }
    return (
      <div className={`field${fieldErrors.length ? ' invalid' : ''}`} key={field.path}>
        <label htmlFor={id}>
          {t(field.label)}
          {field.required && <span className="required"> ({t('report.required')})</span>}
        </label>
        {input}
        {field.hint && (
          <p className="hint" id={`${id}-hint`}>
            {t(field.hint)}
          </p>
        )}
        {fieldErrors.length > 0 && (
          <p className="error" id={errorId(field.path)}>
            {fieldErrors.map((e) => e.reason).join('; ')}
          </p>
        )}
      </div>
    );
  }

  if (created) {
    return (
      <>
        <h1 tabIndex={-1}>{t('report.title')}</h1>
        <p role="status">{t('report.created', { version: created.version })}</p>
        <p>
          <Link href={`/reports/${created.id}`}>{t('report.open')}</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('report.title')}</h1>
      <p>{t('report.intro')}</p>
      {(errors.length > 0 || failure) && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          {failure ? (
            <p>{t('common.error', { detail: failure })}</p>
          ) : (
            <>
              <h2>{t('report.errorsTitle', { count: errors.length })}</h2>
              <ul>
                {errors.map((e, i) => {
                  const field = fieldOfError(e.field);
                  return <li key={i}>{field ? <a href={`#${inputId(field)}`}>{e.reason}</a> : e.reason}</li>;
                })}
              </ul>
            </>
          )}
        </div>
      )}
      <form onSubmit={submit} noValidate data-ready="true" aria-describedby="draft-note">
        {REPORT_SECTIONS.map((section) => (
          <fieldset key={section.legend}>
            <legend>{t(section.legend)}</legend>
            {section.note && <p className="note">{t(section.note)}</p>}
            {section.fields.map(control)}
          </fieldset>
        ))}
        <p id="draft-note" className="note">
          {t('report.draftSaved')}
        </p>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('report.submitting') : t('report.submit')}
          </button>
          <button type="button" className="secondary" onClick={discard}>
            {t('report.discard')}
          </button>
        </div>
      </form>
    </>
  );
}
