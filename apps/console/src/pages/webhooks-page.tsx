import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { errorsFor, Field } from './form-field';
import { LoadStatus } from './status';
import { usePaged } from './use-paged';
import { OneTimeSecret } from './webhook-secret';

type Webhook = Schemas['WebhookView'];
type EventType = Webhook['eventTypes'][number];

/** The notification types an endpoint may subscribe to (the API's enum of CreateWebhookDto.eventTypes). */
export const EVENT_TYPES: EventType[] = [
  'intel.match.found',
  'research.publication.notified',
  'assistance.mission.news',
  'assistance.request.moved',
  'gateway.webhook.disabled',
];

/**
 * The Member's webhook endpoints (its national system is told of matches and news by a signed POST), and the form that
 * registers one. The API checks the URL (https, public addresses only): its refusal is shown beside the URL field.
 */
export default function WebhooksPage() {
  const { t, date } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const { items, status, more } = usePaged<Webhook>('/webhooks?limit=50', reload);
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<EventType[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<Schemas['WebhookWithSecretView'] | null>(null);

  async function register(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setFailure(null);
    setCreated(null);
    try {
      const body: Schemas['CreateWebhookDto'] = { title, url, eventTypes: types };
      const hook = await apiJson<Schemas['WebhookWithSecretView']>('/webhooks', { method: 'POST', body, token: session?.token });
      setCreated(hook);
      setTitle('');
      setUrl('');
      setTypes([]);
      setReload((r) => r + 1);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  const typeErrors = errorsFor(errors, 'eventTypes');
  return (
    <>
      <h1 tabIndex={-1}>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {items.length === 0 && status.state === 'ok' && <p>{t('webhooks.empty')}</p>}
      {items.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('webhooks.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.title')}</th>
              <th scope="col">{t('webhooks.col.url')}</th>
              <th scope="col">{t('webhooks.col.status')}</th>
              <th scope="col">{t('webhooks.col.types')}</th>
              <th scope="col">{t('webhooks.col.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link href={`/webhooks/${w.id}`}>{w.title}</Link>
                </td>
                <td>
                  <code>{w.url}</code>
                </td>
                <td>{t(`webhooks.status.${w.status}`)}</td>
                <td>{w.eventTypes.length ? w.eventTypes.join(', ') : t('webhooks.allTypes')}</td>
                <td>{date(w.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status.state !== 'ok' && <LoadStatus result={status} />}
      {more && (
        <button type="button" onClick={more}>
          {t('common.more')}
        </button>
      )}
      <section aria-labelledby="new-webhook">
        <h2 id="new-webhook">{t('webhooks.new')}</h2>
        <form onSubmit={register} noValidate>
          <Field name="title" label={t('webhooks.field.title')} errors={errors} value={title} onChange={(e) => setTitle(e.target.value)} />
          <Field
            name="url"
            label={t('webhooks.field.url')}
            hint={t('webhooks.field.urlHint')}
            type="url"
            errors={errors}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <fieldset aria-describedby={typeErrors.length ? 'f-eventTypes-error' : 'f-eventTypes-hint'}>
            <legend>{t('webhooks.field.types')}</legend>
            <span id="f-eventTypes-hint" className="meta">
              {t('webhooks.field.typesHint')}
            </span>
            <div className="inline-list">
              {EVENT_TYPES.map((c) => (
                <span className="choice" key={c}>
                  <input
                    type="checkbox"
                    id={`type-${c}`}
                    checked={types.includes(c)}
                    onChange={(e) => setTypes((f) => (e.target.checked ? [...f, c] : f.filter((x) => x !== c)))}
                  />
                  <label htmlFor={`type-${c}`}>{c}</label>
                </span>
              ))}
            </div>
            {typeErrors.length > 0 && (
              <span id="f-eventTypes-error" className="error">
                {typeErrors.map((e) => e.reason).join('; ')}
              </span>
            )}
          </fieldset>
          <button type="submit">{t('webhooks.register')}</button>
          {errors.length > 0 && <p role="alert">{t('common.invalid', { count: errors.length })}</p>}
          {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
        </form>
        {created && (
          <>
            <p>
              {t('webhooks.registered')} <Link href={`/webhooks/${created.id}`}>{created.title}</Link>
            </p>
            <OneTimeSecret secret={created.secret} />
          </>
        )}
      </section>
    </>
  );
}
