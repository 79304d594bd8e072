import { useState } from 'react';
import { apiFetch, apiJson, type Schemas } from '../api/client';
import { navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { MoreButton, Table } from './table';
import { useApi } from './use-api';
import { useAction } from './use-action';
import { usePaged } from './use-paged';
import { OneTimeSecret } from './webhook-secret';

type Webhook = Schemas['WebhookView'];
type Delivery = Schemas['DeliveryView'];

/**
 * One webhook endpoint of the Member: its state, the delivery log (each delivery with its attempts), a delivery sent
 * again on request, the signing secret replaced (the new one shown once), a disabled endpoint enabled again.
 */
export default function WebhookPage({ id }: { id: string }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const path = `/webhooks/${encodeURIComponent(id)}`;
  const hook = useApi<Webhook>(path, undefined, reload);
  const deliveries = usePaged<Delivery>(`${path}/deliveries?limit=20`, reload);
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  const { said, failure } = action;
  const act = async (run: () => Promise<string>) => (await action.run(run)) && setReload((r) => r + 1);
  const post = <T,>(suffix: string) => apiJson<T>(`${path}${suffix}`, { method: 'POST', token: session?.token });

  if (hook.state !== 'ok') return <LoadStatus result={hook} />;
  const w = hook.data;
  return (
    <>
      <h1 tabIndex={-1}>{t('webhook.title', { title: w.title })}</h1>
      <dl>
        <dt>{t('webhooks.col.url')}</dt>
        <dd>
          <code>{w.url}</code>
        </dd>
        <dt>{t('webhooks.col.status')}</dt>
        <dd data-testid="webhook-status">{code('webhookStatus', w.status)}</dd>
        <dt>{t('webhooks.col.types')}</dt>
        <dd>{w.eventTypes.length ? w.eventTypes.map((e) => code('eventType', e)).join(', ') : t('webhooks.allTypes')}</dd>
        {w.failingSince && (
          <>
            <dt>{t('webhook.failingSince')}</dt>
            <dd>{date(w.failingSince, true)}</dd>
          </>
        )}
        {w.disabledAt && (
          <>
            <dt>{t('webhook.disabledAt')}</dt>
            <dd>{date(w.disabledAt, true)}</dd>
          </>
        )}
        {w.previousSecretValidUntil && (
          <>
            <dt>{t('webhook.previousSecretUntil')}</dt>
            <dd>{date(w.previousSecretValidUntil, true)}</dd>
          </>
        )}
      </dl>
      <div className="actions">
        {w.status === 'disabled' && (
          <button type="button" onClick={() => act(async () => (await post<Webhook>('/enable'), t('webhook.enabled')))}>
            {t('webhook.enable')}
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            act(async () => {
              setSecret((await post<Schemas['WebhookWithSecretView']>('/rotate-secret')).secret);
              return t('webhook.rotated');
            })
          }
        >
          {t('webhook.rotate')}
        </button>
        <button
          type="button"
          onClick={() =>
            act(async () => {
              if (!window.confirm(t('webhook.deleteConfirm'))) return '';
              await apiFetch(path, { method: 'DELETE', token: session?.token });
              navigate('/webhook-endpoints');
              return '';
            })
          }
        >
          {t('webhook.delete')}
        </button>
      </div>
      {said && <p role="status">{said}</p>}
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
      {secret && <OneTimeSecret secret={secret} />}

      <h2>{t('webhook.deliveries')}</h2>
      <button type="button" onClick={() => setReload((r) => r + 1)}>
        {t('webhook.refresh')}
      </button>
      {deliveries.items.length === 0 && deliveries.status.state === 'ok' && <p>{t('webhook.noDeliveries')}</p>}
      {deliveries.items.length > 0 && (
        <Table
          caption={t('webhook.deliveries')}
          columns={[
            t('webhook.col.created'),
            t('webhook.col.type'),
            t('webhook.col.status'),
            t('webhook.col.attempts'),
            t('webhook.col.last'),
            t('webhook.col.action'),
          ]}
        >
          {deliveries.items.map((d) => {
            const last = d.attemptLog.at(-1);
            return (
              <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                <td>{date(d.createdAt, true)}</td>
                <td>
                  {code('eventType', d.type)} (<code>{d.type}</code>)
                  {d.redeliveryOf && <span className="meta"> {t('webhook.redelivery')}</span>}
                </td>
                <td>{code('deliveryStatus', d.status)}</td>
                <td>{d.attempts}</td>
                <td>
                  {last
                    ? t('webhook.attempt', {
                        status: last.statusCode ?? '—',
                        latency: last.latencyMs,
                        error: last.error ?? '',
                      }).trim()
                    : '—'}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={t('webhook.redeliverOne', { date: date(d.createdAt, true) })}
                    onClick={() => act(async () => (await post<Delivery>(`/deliveries/${d.id}/redeliver`), t('webhook.redelivered')))}
                  >
                    {t('webhook.redeliver')}
                  </button>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {deliveries.status.state !== 'ok' && <LoadStatus result={deliveries.status} />}
      <MoreButton more={deliveries.more} />
    </>
  );
}
