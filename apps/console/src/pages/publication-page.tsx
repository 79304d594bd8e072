import { useState } from 'react';
import { apiFetch, downloadFile, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { hasRole, useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { useApi } from './use-api';

type Topic = Schemas['research-catalogue.SubscriptionsView']['topics'][number];

/**
 * A publication: its current version's metadata, its versions, the citation export of its latest version (BibTeX and
 * RIS files, the APA reference shown), and, signed in, following its topics (release notifications to the caller).
 */
export default function PublicationPage({ id }: { id: string }) {
  const { t, date, locale, code, number } = useI18n();
  const { session } = useSession();
  const result = useApi<Schemas['research-catalogue.PublicationView']>(`/api/research/publications/${encodeURIComponent(id)}`);
  const [failure, setFailure] = useState<string | null>(null);
  const [apa, setApa] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const subscriptions = useApi<Schemas['research-catalogue.SubscriptionsView']>(
    session ? '/api/research/subscriptions' : null,
    undefined,
    reload,
  );
  if (result.state !== 'ok') return <LoadStatus result={result} />;
  const p = result.data;
  const current = p.current as Schemas['research-catalogue.VersionView'] | undefined;
  const title = current?.titles.find((x) => x.language === locale)?.text ?? current?.titles[0]?.text ?? p.id;
  const latest = `/api/research/publications/${encodeURIComponent(id)}/versions/${p.latestVersion}`;
  const download = (format: 'bibtex' | 'ris', ext: string) => () =>
    downloadFile(`${latest}?format=${format}`, `publication-${id}-v${p.latestVersion}.${ext}`, { token: session?.token }).catch(
      (e: Error) => setFailure(e.message),
    );
  const showApa = () =>
    apiFetch(`${latest}?format=apa`, { token: session?.token, accept: 'text/x-bibliography' })
      .then((res) => res.text())
      .then(setApa, (e: Error) => setFailure(e.message));
  const followed = new Set<string>(subscriptions.state === 'ok' ? subscriptions.data.topics : []);
  const follow = (topic: Topic, on: boolean) =>
    apiFetch(`/api/research/subscriptions/${encodeURIComponent(topic)}`, { method: on ? 'PUT' : 'DELETE', token: session?.token }).then(
      () => setReload((n) => n + 1),
      (e: Error) => setFailure(e.message),
    );
  const topics = ((current as { topics?: Topic[] } | undefined)?.topics ?? []) as Topic[];
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {p.status === 'withdrawn' && <p role="note">{t('publication.withdrawn')}</p>}
      {/* The Secretariat's editors revise (the API refuses any other editor: secretariat_editor_required). */}
      {hasRole(session, 'editor') && session?.user.member === 'WCO' && p.status !== 'withdrawn' && (
        <p>
          <Link href={`/research/${encodeURIComponent(id)}/revise`}>{t('publication.revise')}</Link>
        </p>
      )}
      {current && (
        <>
          <p>{t('publication.published', { date: date(current.publicationDate) })}</p>
          <h2>{t('publication.creators')}</h2>
          <ul>
            {current.creators.map((c, i) => (
              <li key={i}>{[c.givenName, c.familyName].filter(Boolean).join(' ')}</li>
            ))}
          </ul>
          {current.abstracts[0] && <p lang={current.abstracts[0].language}>{current.abstracts[0].text}</p>}
          {current.files.length > 0 && (
            <>
              <h2>{t('publication.files')}</h2>
              <ul data-testid="files">
                {current.files.map((f) => (
                  <li key={f.name}>
                    {f.name}{' '}
                    <span className="meta">
                      ({f.mediaType}, {t('publication.bytes', { size: number(f.size) })})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <h2>{t('publication.versions')}</h2>
      <ol data-testid="versions">
        {p.versions.map((v) => (
          <li key={v.version} data-version={v.version}>
            {t('publication.versionOn', { version: v.version, date: date(v.createdAt) })}
          </li>
        ))}
      </ol>
      <h2>{t('publication.cite')}</h2>
      <ul className="inline-list">
        <li>
          <button type="button" onClick={download('bibtex', 'bib')}>
            {t('publication.bibtex')}
          </button>
        </li>
        <li>
          <button type="button" onClick={download('ris', 'ris')}>
            {t('publication.ris')}
          </button>
        </li>
        <li>
          <button type="button" onClick={() => void showApa()}>
            {t('publication.apa')}
          </button>
        </li>
      </ul>
      {apa && (
        <figure>
          <blockquote data-testid="apa">{apa}</blockquote>
          <figcaption>{t('publication.apaCaption')}</figcaption>
        </figure>
      )}
      {session && topics.length > 0 && (
        <section aria-labelledby="follow-title">
          <h2 id="follow-title">{t('publication.follow')}</h2>
          <ul className="inline-list">
            {topics.map((topic) => (
              <li key={topic}>
                <button type="button" aria-pressed={followed.has(topic)} onClick={() => void follow(topic, !followed.has(topic))}>
                  {t('publication.followTopic', { topic: code('topic', topic) })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
    </>
  );
}
