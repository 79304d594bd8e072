import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { createWebhookDtoEventTypesValues } from '../api/schema';
import { useI18n } from '../i18n/i18n';
import { CheckboxGroup, Field, FormOutcome } from './form-field';
import { LoadStatus } from './status';
import { MoreButton, Table } from './table';
import { usePaged } from './use-paged';
import { OneTimeSecret } from './webhook-secret';

type Webhook = Schemas['WebhookView'];
type EventType = Webhook['eventTypes'][number];

/**
 * The Member's webhook endpoints (its national system is told of matches and news by a signed POST), and the form that
 * registers one. The API checks the URL (https, public addresses only): its refusal is shown beside the URL field.
 */
export default function WebhooksPage() {
  const { t, date, code } = useI18n();
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

  return (
    <>
      <h1 tabIndex={-1}>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {items.length === 0 && status.state === 'ok' && <p>{t('webhooks.empty')}</p>}
      {items.length > 0 && (
        <Table
          caption={t('webhooks.title')}
          columns={[
            t('webhooks.col.title'),
            t('webhooks.col.url'),
            t('webhooks.col.status'),
            t('webhooks.col.types'),
            t('webhooks.col.created'),
          ]}
        >
          {items.map((w) => (
            <tr key={w.id}>
              <td>
                <Link href={`/webhook-endpoints/${w.id}`}>{w.title}</Link>
              </td>
              <td>
                <code>{w.url}</code>
              </td>
              <td>{code('webhookStatus', w.status)}</td>
              <td>{w.eventTypes.length ? w.eventTypes.map((e) => code('eventType', e)).join(', ') : t('webhooks.allTypes')}</td>
              <td>{date(w.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      {status.state !== 'ok' && <LoadStatus result={status} />}
      <MoreButton more={more} />
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
          <CheckboxGroup
            name="eventTypes"
            legend={t('webhooks.field.types')}
            hint={t('webhooks.field.typesHint')}
            values={createWebhookDtoEventTypesValues}
            chosen={types}
            onChange={setTypes}
            errors={errors}
            // The code beside the name: the national system receives it as the notification's `type`.
            label={(e) => `${code('eventType', e)} (${e})`}
          />
          <button type="submit">{t('webhooks.register')}</button>
          <FormOutcome errors={errors} failure={failure} />
        </form>
        {created && (
          <>
            <p>
              {t('webhooks.registered')} <Link href={`/webhook-endpoints/${created.id}`}>{created.title}</Link>
            </p>
            <OneTimeSecret secret={created.secret} />
          </>
        )}
      </section>
    </>
  );
}
