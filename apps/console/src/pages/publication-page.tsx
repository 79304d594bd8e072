import { useState } from 'react';
import { downloadFile, type Schemas } from '../api/client';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { useApi } from './use-api';

/** A publication: its current version's metadata, its versions, and the citation export of a version (BibTeX). */
export default function PublicationPage({ id }: { id: string }) {
  const { t, date, locale } = useI18n();
  const { session } = useSession();
  const result = useApi<Schemas['research-catalogue.PublicationView']>(`/api/research/publications/${encodeURIComponent(id)}`);
  const [failure, setFailure] = useState<string | null>(null);
  if (result.state !== 'ok') return <LoadStatus result={result} />;
  const p = result.data;
  const current = p.current as Schemas['research-catalogue.VersionView'] | undefined;
  const title = current?.titles.find((x) => x.language === locale)?.text ?? current?.titles[0]?.text ?? p.id;
  const bibtex = () =>
    downloadFile(
      `/api/research/publications/${encodeURIComponent(id)}/versions/${p.latestVersion}?format=bibtex`,
      `publication-${id}-v${p.latestVersion}.bib`,
      {
        token: session?.token,
        accept: 'application/x-bibtex',
      },
    ).catch((e: Error) => setFailure(e.message));
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {p.status === 'withdrawn' && <p role="note">{t('publication.withdrawn')}</p>}
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
        </>
      )}
      <h2>{t('publication.versions')}</h2>
      <ol>
        {p.versions.map((v) => (
          <li key={v.version}>{t('publication.version', { version: v.version })}</li>
        ))}
      </ol>
      <h2>{t('publication.cite')}</h2>
      <button type="button" onClick={bibtex}>
        {t('publication.bibtex')}
      </button>
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
    </>
  );
}
