import { useState } from 'react';
import { apiFetch, apiJson, type Schemas } from '../api/client';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { Table } from './table';
import { useAction } from './use-action';
import { useApi } from './use-api';
import { CopyButton } from './webhook-secret';

type Mission = Schemas['assistance.MissionView'];

/**
 * An expert's missions (those assigned to them, as the API answers an expert) and the secret URL of their calendar
 * feed: calendar clients send no bearer token, so the URL itself is the credential; asking again revokes the old one.
 */
export default function ExpertMissionsPage() {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const missions = useApi<Schemas['assistance.MissionListView']>('/api/assistance/missions');
  const [feed, setFeed] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const { said, failure, run } = useAction();
  const issue = () =>
    run(async () => {
      setCopied(false);
      const { path } = await apiJson<Schemas['assistance.CalendarFeedView']>('/api/assistance/experts/me/calendar-feed', {
        method: 'POST',
        token: session?.token,
      });
      setFeed(`${location.origin}/api/assistance${path}`);
      return t('missions.feedIssued');
    });
  const revoke = () =>
    run(async () => {
      await apiFetch('/api/assistance/experts/me/calendar-feed', { method: 'DELETE', token: session?.token });
      setFeed(null);
      return t('missions.feedRevoked');
    });

  const items: Mission[] = missions.state === 'ok' ? missions.data.items : [];
  return (
    <>
      <h1 tabIndex={-1}>{t('missions.title')}</h1>
      <LoadStatus result={missions} />
      {missions.state === 'ok' && items.length === 0 && <p>{t('missions.empty')}</p>}
      {items.length > 0 && (
        <Table
          caption={t('missions.title')}
          columns={[
            t('missions.col.title'),
            t('operations.col.period'),
            t('missions.col.location'),
            t('missions.col.member'),
            t('missions.col.logistics'),
          ]}
        >
          {items.map((m) => (
            <tr key={m.id} data-mission={m.id}>
              <td>{m.title}</td>
              <td>{t('operations.period', { from: date(m.startDate), to: date(m.endDate) })}</td>
              <td>{m.location}</td>
              <td>{m.member}</td>
              <td>{code('logisticsStatus', m.logisticsStatus)}</td>
            </tr>
          ))}
        </Table>
      )}
      <section aria-labelledby="feed-title">
        <h2 id="feed-title">{t('missions.feed')}</h2>
        <p>{t('missions.feedIntro')}</p>
        <button type="button" onClick={() => void issue()}>
          {feed ? t('missions.feedAgain') : t('missions.feedIssue')}
        </button>{' '}
        <button type="button" onClick={() => void revoke()}>
          {t('missions.feedRevoke')}
        </button>
        {feed && (
          <div className="field">
            <label htmlFor="feed-url">{t('missions.feedUrl')}</label>
            <input id="feed-url" readOnly value={feed} onFocus={(e) => e.target.select()} />
            <CopyButton text={feed} label={t('missions.feedCopy')} onCopied={() => setCopied(true)} />
          </div>
        )}
        {said && <p role="status">{said}</p>}
        {copied && feed && <p role="status">{t('common.copied')}</p>}
        {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
      </section>
    </>
  );
}
