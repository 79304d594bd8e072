import { useState, type FormEvent } from 'react';
import { apiJson, ApiProblem, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { CODE_LISTS } from '../i18n/code-lists';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { compareReports, normal, type Compared, type ComparedRow } from '../reports/compare';
import { LoadStatus } from './status';
import { useApi, type Loaded } from './use-api';

type Match = Schemas['intel-exchange.MatchView'];
type Feedback = Schemas['intel-exchange.FeedbackView'];
type Outcome = Schemas['intel-exchange.FeedbackOutcome'];
type Report = Schemas['intel-exchange.ReportView'];

/** One match of the caller Member's (an id that is not the Member's answers 404, like one that does not exist). */
const useMatch = (id: string): Loaded<Match> => useApi<Match>(`/api/intel/matches/${encodeURIComponent(id)}`);

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
      {m.matchedReportId && <Comparison ownId={m.reportId} otherId={m.matchedReportId} />}
      {/* A sighting is about the other Member's intelligence when this Member may see it, else about its own report. */}
      <FeedbackSection matchId={m.id} reportId={m.matchedReportId ?? m.reportId} />
    </>
  );
}

const FACT_LABEL: Record<Compared, MessageKey> = {
  type: 'reports.col.type',
  detectedAt: 'reports.col.detected',
  country: 'report.field.country',
  commodity: 'report.field.commodity',
  hsCode: 'report.field.hsCode',
  transportMode: 'report.field.transportMode',
  containers: 'match.compare.containers',
  route: 'match.compare.route',
  companies: 'match.compare.companies',
};

/** Both reports of the match (the other one only when the API names it: the Member may see it), fact by fact. */
function Comparison({ ownId, otherId }: { ownId: string; otherId: string }) {
  const { t, date, code, countryLabel } = useI18n();
  const own = useApi<Report>(`/api/intel/reports/${encodeURIComponent(ownId)}`);
  const other = useApi<Report>(`/api/intel/reports/${encodeURIComponent(otherId)}`);
  if (own.state !== 'ok') return <LoadStatus result={own} />;
  if (other.state !== 'ok') return <LoadStatus result={other} />;
  const show = (kind: ComparedRow['kind'], value: string): string =>
    kind === 'date' ? date(value, true) : kind === 'country' ? countryLabel(value) : kind === 'text' ? value : code(kind, value);
  const cell = (row: ComparedRow, values: string[]) =>
    values.length === 0 ? (
      '—'
    ) : (
      <ul className="inline-list">
        {values.map((v) =>
          row.shared.some((shared) => normal(shared) === normal(v)) ? (
            <li key={v}>
              <mark>{show(row.kind, v)}</mark> <span className="visually-hidden">{t('match.compare.inBoth')}</span>
            </li>
          ) : (
            <li key={v}>{show(row.kind, v)}</li>
          ),
        )}
      </ul>
    );
  return (
    <table data-testid="match-comparison">
      <caption>{t('match.compare.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('match.compare.fact')}</th>
          <th scope="col">{t('match.yourReport')}</th>
          <th scope="col">{t('match.otherReport')}</th>
        </tr>
      </thead>
      <tbody>
        {compareReports(own.data, other.data).map((row) => (
          <tr key={row.fact} data-fact={row.fact}>
            <th scope="row">{t(FACT_LABEL[row.fact])}</th>
            <td>{cell(row, row.own)}</td>
            <td>{cell(row, row.other)}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
