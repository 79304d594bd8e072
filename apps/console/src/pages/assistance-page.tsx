import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link, navigate } from '../app/router';
import {
  assistanceCreateRequestDtoKindValues,
  assistanceCreateRequestDtoLanguageValues,
  assistanceCreateRequestDtoPriorityValues,
  assistanceCreateRequestDtoThematicAreaValues,
  assistanceRequestViewStateValues,
} from '../api/schema';
import { hasRole, useSession } from '../app/session';
import type { Option } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import { Field } from './form-field';
import { LoadStatus } from './status';
import { usePaged } from './use-paged';

type Request = Schemas['assistance.RequestView'];
type Create = Schemas['assistance.CreateRequestDto'];

/**
 * Technical assistance: a Member's officers see their requests and file a new one; the Secretariat's coordinators
 * work the queue of every Member's requests, by state.
 */
export default function AssistancePage() {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const coordinator = hasRole(session, 'assistance-coordinator');
  const [state, setState] = useState('');
  const { items, status, more } = usePaged<Request>(`/api/assistance/requests?limit=50${state ? `&state=${state}` : ''}`);
  return (
    <>
      <h1 tabIndex={-1}>{coordinator ? t('assistance.queue') : t('assistance.mine')}</h1>
      {coordinator && (
        <div className="field">
          <label htmlFor="state-filter">{t('assistance.filter')}</label>
          <select id="state-filter" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('assistance.allStates')}</option>
            {assistanceRequestViewStateValues.map((s) => (
              <option key={s} value={s}>
                {code('requestState', s)}
              </option>
            ))}
          </select>
        </div>
      )}
      {items.length > 0 ? (
        <table data-testid="requests">
          <caption className="visually-hidden">{t('assistance.mine')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assistance.col.title')}</th>
              <th scope="col">{t('operation.member')}</th>
              <th scope="col">{t('assistance.col.state')}</th>
              <th scope="col">{t('assistance.col.priority')}</th>
              <th scope="col">{t('assistance.col.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/assistance/requests/${r.id}`}>{r.title}</Link>
                </td>
                <td>{r.member}</td>
                <td>{code('requestState', r.state)}</td>
                <td>{code('priority', r.priority)}</td>
                <td>{date(r.updatedAt, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        status.state === 'ok' && <p>{t('assistance.empty')}</p>
      )}
      <LoadStatus result={status} />
      {more && (
        <button type="button" onClick={more}>
          {t('common.more')}
        </button>
      )}
      {hasRole(session, 'member-analyst') && <NewRequest />}
    </>
  );
}

/** A labelled select; each option's value is the API's code, its text the code's name in the person's language. */
function Select<T extends string>({
  id,
  label,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  options: Option[];
  value: T;
  onChange(v: T): void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A Member's request for assistance, kept as a draft by the API until the officer submits it on its page. */
function NewRequest() {
  const { t, code, named } = useI18n();
  const coded = (list: 'assistanceKind' | 'thematicArea' | 'priority', values: readonly string[]): Option[] =>
    values.map((v) => ({ value: v, label: code(list, v) }));
  const { session } = useSession();
  const [v, setV] = useState({
    title: '',
    objectives: '',
    need: '',
    start: '',
    end: '',
    name: '',
    email: '',
    kind: 'expert_mission' as Create['kind'],
    thematicArea: 'aeo' as Create['thematicArea'],
    language: 'en' as Create['language'],
    priority: 'medium' as Create['priority'],
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const set = (key: keyof typeof v) => (value: string) => setV((prev) => ({ ...prev, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setFailure(null);
    const body: Create = {
      title: v.title,
      kind: v.kind,
      thematicArea: v.thematicArea,
      objectives: v.objectives,
      need: { source: 'free_text', description: v.need },
      period: { start: v.start, end: v.end },
      language: v.language,
      priority: v.priority,
      contact: { name: v.name, email: v.email },
    };
    try {
      const created = await apiJson<Request>('/api/assistance/requests', { method: 'POST', body, token: session?.token });
      navigate(`/assistance/requests/${created.id}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  const text = (name: keyof typeof v, field: string, label: string, type = 'text') => (
    <Field name={field} label={label} type={type} errors={errors} value={v[name]} onChange={(e) => set(name)(e.target.value)} />
  );
  return (
    <section aria-labelledby="new-request">
      <h2 id="new-request">{t('assistance.new')}</h2>
      <form onSubmit={submit} noValidate>
        {text('title', 'title', t('assistance.field.title'))}
        <Select<Create['kind']>
          id="f-kind"
          label={t('assistance.field.kind')}
          options={coded('assistanceKind', assistanceCreateRequestDtoKindValues)}
          value={v.kind}
          onChange={set('kind')}
        />
        <Select
          id="f-thematicArea"
          label={t('assistance.field.area')}
          options={coded('thematicArea', assistanceCreateRequestDtoThematicAreaValues)}
          value={v.thematicArea}
          onChange={set('thematicArea')}
        />
        {text('objectives', 'objectives', t('assistance.field.objectives'))}
        {text('need', 'need', t('assistance.field.need'))}
        {text('start', 'period.start', t('assistance.field.start'), 'date')}
        {text('end', 'period.end', t('assistance.field.end'), 'date')}
        <Select
          id="f-language"
          label={t('assistance.field.language')}
          options={named('language', assistanceCreateRequestDtoLanguageValues)}
          value={v.language}
          onChange={set('language')}
        />
        <Select<Create['priority']>
          id="f-priority"
          label={t('assistance.col.priority')}
          options={coded('priority', assistanceCreateRequestDtoPriorityValues)}
          value={v.priority}
          onChange={set('priority')}
        />
        <fieldset>
          <legend>{t('assistance.contact')}</legend>
          {text('name', 'contact.name', t('assistance.field.contactName'))}
          {text('email', 'contact.email', t('assistance.field.contactEmail'), 'email')}
        </fieldset>
        <button type="submit">{t('assistance.create')}</button>
        {errors.length > 0 && <p role="alert">{t('common.invalid', { count: errors.length })}</p>}
        {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
      </form>
    </section>
  );
}
