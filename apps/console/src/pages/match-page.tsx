import { useEffect, useState, type FormEvent } from 'react';
import { apiJson, ApiProblem, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { CODE_LISTS } from '../i18n/code-lists';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { useApi, type Loaded } from './use-api';

type Match = Schemas['intel-exchange.MatchView'];
type Feedback = Schemas['intel-exchange.FeedbackView'];
type Outcome = Schemas['intel-exchange.FeedbackOutcome'];

const MAX_PAGES = 20;

/** The API has no route for one match: the caller Member's matches are paged through (newest first) until it is found. */
function useMatch(id: string): Loaded<Match> {
  const { session } = useSession();
  const [result, setResult] = useState<Loaded<Match>>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setResult({ state: 'loading' });
    void (async () => {
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res: Schemas['intel-exchange.MatchPage'] = await apiJson(`/api/intel/matches?${query}`, {
          token: session?.token,
          signal: abort.signal,
        });
        const found = res.items.find((m) => m.id === id);
        if (found) return setResult({ state: 'ok', data: found });
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
      // Not among the caller's matches: the same answer as an id that does not exist.
      setResult({ state: 'error', status: 404, message: 'not found' });
    })().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      setResult({ state: 'error', status: (error as { status?: number }).status ?? 0, message: String(error) });
    });
    return () => abort.abort();
  }, [id, session?.token]);
  return result;
}

/** One match of the caller Member's report: only what the API returns, and the Member's feedback on it. */
export default function MatchPage({ id }: { id: string }) {
  const { t, date, code } = useI18n();
  const match = useMatch(id);
  if (match.state !== 'ok') return <LoadStatus result={match} />;
  const m = match.data;
  return (
    <>
      <h1 tabIndex={-1}>{t('match.title', { id: m.id.slice(0, 8) })}</h1>
      <dl>
        <dt>{t('match.matchedAt')}</dt>
        <dd>{date(m.matchedAt, true)}</dd>
        <dt>{t('match.shared')}</dt>
        <dd>
          <ul className="inline-list">
            {m.indicatorKinds.map((k) => (
              <li key={k} data-kind={k}>
                {code('indicatorKind', k)}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('match.yourReport')}</dt>
        <dd>
          <Link href={`/reports/${encodeURIComponent(m.reportId)}`}>{m.reportId}</Link>
        </dd>
        <dt>{t('match.otherReport')}</dt>
        <dd>
          {m.matchedReportId ? (
            <Link href={`/reports/${encodeURIComponent(m.matchedReportId)}`}>{m.matchedReportId}</Link>
          ) : (
            t('match.otherHidden')
          )}
        </dd>
      </dl>
      {/* A sighting is about the other Member's intelligence when this Member may see it, else about its own report. */}
      <FeedbackSection matchId={m.id} reportId={m.matchedReportId ?? m.reportId} />
    </>
  );
}

function FeedbackSection({ matchId, reportId }: { matchId: string; reportId: string }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const path = `/api/intel/reports/${encodeURIComponent(reportId)}/feedback`;
  const given = useApi<Feedback[]>(path);
  const [added, setAdded] = useState<Feedback[]>([]);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [anonymous, setAnonymous] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return setMessage({ ok: false, text: t('feedback.chooseOutcome') });
    setBusy(true);
    setMessage(null);
    try {
      const recorded = await apiJson<Feedback>(path, { method: 'POST', token: session?.token, body: { matchId, outcome, anonymous } });
      setAdded((prev) => [...prev, recorded]);
      setMessage({ ok: true, text: t('feedback.recorded') });
      setOutcome('');
    } catch (error) {
      const detail =
        error instanceof ApiProblem ? error.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') || error.message : String(error);
      setMessage({ ok: false, text: t('common.error', { detail }) });
    } finally {
      setBusy(false);
    }
  };

  const mine =
    given.state === 'ok'
      ? [...given.data, ...added].filter((f, i, all) => f.matchId === matchId && all.findIndex((o) => o.id === f.id) === i)
      : [];
  return (
    <section aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t('feedback.title')}</h2>
      {given.state === 'ok' ? (
        mine.length ? (
          <ul>
            {mine.map((f) => (
              <li key={f.id}>
                {t('feedback.entry', {
                  outcome: code('feedbackOutcome', f.outcome),
                  member: String(f.member),
                  date: date(f.createdAt, true),
                })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('feedback.none')}</p>
        )
      ) : (
        <LoadStatus result={given} />
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('feedback.outcome')}</legend>
          {CODE_LISTS.feedbackOutcome.map((o) => (
            <div key={o}>
              <input type="radio" id={`outcome-${o}`} name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              <label htmlFor={`outcome-${o}`}>{code('feedbackOutcome', o)}</label>
            </div>
          ))}
        </fieldset>
        <div>
          <input type="checkbox" id="feedback-anonymous" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
          <label htmlFor="feedback-anonymous">{t('feedback.anonymous')}</label>
        </div>
        <button type="submit" disabled={busy}>
          {t('feedback.submit')}
        </button>
        <p role="status">{message?.ok ? message.text : ''}</p>
        {message && !message.ok && <p role="alert">{message.text}</p>}
      </form>
    </section>
  );
}
