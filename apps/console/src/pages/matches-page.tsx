import type { Schemas } from '../api/client';
import { Link } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { usePaged } from './use-paged';

/** The caller Member's matches, newest first, a page at a time (the API's cursor). */
export default function MatchesPage() {
  const { t, date, code } = useI18n();
  const { items, status, more } = usePaged<Schemas['intel-exchange.MatchView']>('/api/intel/matches?limit=50');
  return (
    <>
      <h1 tabIndex={-1}>{t('matches.title')}</h1>
      {items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('matches.col.match')}</th>
              <th scope="col">{t('matches.col.at')}</th>
              <th scope="col">{t('matches.col.shared')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link href={`/matches/${encodeURIComponent(m.id)}`}>{m.id.slice(0, 8)}</Link>
                </td>
                <td>{date(m.matchedAt, true)}</td>
                <td>{m.indicatorKinds.map((k) => code('indicatorKind', k)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        status.state === 'ok' && <p>{t('matches.empty')}</p>
      )}
      <LoadStatus result={status} />
      {more && (
        <button type="button" onClick={more}>
          {t('matches.more')}
        </button>
      )}
    </>
  );
}
