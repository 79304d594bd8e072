import { useEffect, useState } from 'react';
import { apiJson, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import type { Loaded } from './use-api';

type MatchPage = Schemas['intel-exchange.MatchPage'];

/** The caller Member's matches, newest first, a page at a time (the API's cursor). */
export default function MatchesPage() {
  const { t, date } = useI18n();
  const { session } = useSession();
  const [pages, setPages] = useState<MatchPage[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<Loaded<null>>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setStatus({ state: 'loading' });
    apiJson<MatchPage>(`/api/intel/matches?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      token: session?.token,
      signal: abort.signal,
    }).then(
      (page) => {
        setPages((prev) => [...prev, page]);
        setStatus({ state: 'ok', data: null });
      },
      (error: unknown) => {
        if (!abort.signal.aborted)
          setStatus({ state: 'error', status: (error as { status?: number }).status ?? 0, message: String(error) });
      },
    );
    return () => abort.abort();
  }, [cursor, session?.token]);
  const items = pages.flatMap((p) => p.items);
  const next = pages.at(-1)?.nextCursor ?? null;
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
                <td>{m.indicatorKinds.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        status.state === 'ok' && <p>{t('matches.empty')}</p>
      )}
      <LoadStatus result={status} />
      {status.state === 'ok' && next && (
        <button type="button" onClick={() => setCursor(next)}>
          {t('matches.more')}
        </button>
      )}
    </>
  );
}
