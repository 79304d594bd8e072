import { useState, type FormEvent } from 'react';
import type { Schemas } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { Link, navigate, useLocation } from '../app/router';
import { hasRole, useSession } from '../app/session';
import { useI18n, type I18n } from '../i18n/i18n';
import { highlight } from './highlight';
import { LoadStatus } from './status';
import { useApi } from './use-api';

const FACETS = ['type', 'topic', 'year', 'language', 'access'] as const;

/** A facet's value as the reader reads it: the code list's label, the language's name, the year as it is. */
function facetLabel(i18n: I18n, facet: (typeof FACETS)[number], value: string): string {
  switch (facet) {
    case 'type':
      return i18n.code('publicationType', value);
    case 'topic':
      return i18n.code('topic', value);
    case 'access':
      return i18n.code('access', value);
    case 'language':
      return i18n.language(value);
    case 'year':
      return value;
  }
}

/** Catalogue search: the query and the chosen facet values live in the URL, so a search can be bookmarked and shared. */
export default function ResearchSearchPage() {
  const i18n = useI18n();
  const { t, date, number, code } = i18n;
  const { session } = useSession();
  const url = useLocation();
  const params = url.searchParams;
  const [query, setQuery] = useState(params.get('q') ?? '');
  const api = new URLSearchParams();
  for (const [k, v] of params) if (k === 'q' || (FACETS as readonly string[]).includes(k)) api.set(k, v);
  api.set('limit', '20');
  const result = useApi<Schemas['research-catalogue.SearchResultView']>(`/api/research/publications?${api.toString()}`);

  const go = (next: URLSearchParams) => navigate(`/research${next.size ? `?${next.toString()}` : ''}`);
  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (query.trim()) next.set('q', query.trim());
    else next.delete('q');
    go(next);
  }
  function toggle(facet: string, value: string) {
    const next = new URLSearchParams(params);
    if (next.get(facet) === value) next.delete(facet);
    else next.set(facet, value);
    go(next);
  }

  const q = params.get('q') ?? '';
  return (
    <>
      <h1 tabIndex={-1}>{t('research.title')}</h1>
      {hasRole(session, 'editor') && session?.user.member === 'WCO' && (
        <p>
          <Link href="/research/new">{t('research.new')}</Link>
        </p>
      )}
      <search>
        <form onSubmit={submit} className="search">
          <label htmlFor="q">{t('research.query')}</label>
          <input id="q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit">{t('research.search')}</button>
        </form>
      </search>
      <LoadStatus result={result} />
      {result.state === 'ok' && (
        <div className="results-layout">
          <aside aria-labelledby="facets-title">
            <h2 id="facets-title">{t('research.facets')}</h2>
            {FACETS.map((facet) => {
              const values = result.data.facets[facet] ?? [];
              if (values.length === 0) return null;
              return (
                <section key={facet} aria-labelledby={`facet-${facet}`}>
                  <h3 id={`facet-${facet}`}>{t(`research.facet.${facet}` as MessageKey)}</h3>
                  <ul className="facet">
                    {values.map((v) => (
                      <li key={v.value}>
                        <button
                          type="button"
                          className="link"
                          aria-pressed={params.get(facet) === v.value}
                          onClick={() => toggle(facet, v.value)}
                        >
                          {facetLabel(i18n, facet, v.value)} ({number(v.count)})
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
            {FACETS.some((f) => params.has(f)) && (
              <button type="button" className="secondary" onClick={() => go(new URLSearchParams(q ? { q } : {}))}>
                {t('research.clear')}
              </button>
            )}
          </aside>
          <section aria-labelledby="results-title" className="results">
            <h2 id="results-title" aria-live="polite">
              {t('research.results', { count: number(result.data.total) })}
            </h2>
            {result.data.items.length === 0 && <p>{t('research.noResults')}</p>}
            <ul>
              {result.data.items.map((item) => (
                <li key={item.id}>
                  <Link href={`/research/${item.id}`}>{highlight(item.title, q)}</Link>
                  <p className="meta">
                    {code('publicationType', item.type)} · {date(item.publicationDate)} ·{' '}
                    {item.topics.map((x) => code('topic', x)).join(', ')}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </>
  );
}
