import { useRef, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { actorsOf, movesFor, RECOMMENDATION_MOVES } from '../audit/follow-up';
import { useI18n } from '../i18n/i18n';
import { Field, FormOutcome, TextAreaField } from './form-field';
import { AuditHistory, DueDate } from './audit-history';
import { LoadStatus } from './status';
import { useAction } from './use-action';
import { useApi } from './use-api';

type Recommendation = Schemas['budget-audit.AuditRecommendation'];
type Finding = Schemas['budget-audit.AuditFinding'];

/** A refusal of the API as the page says it: its status and detail (409 invalid_transition names the moves there are). */
function refusalOf(error: unknown): { status: number; detail: string } {
  if (error instanceof ApiProblem) return { status: error.status, detail: error.message };
  return { status: 0, detail: error instanceof Error ? error.message : String(error) };
}

/**
 * One recommendation: its finding, follow-up state, due date (overdue said), management's action plan and every
 * version of it, the history, and the moves the signed-in person may make as buttons (a reason asked where the
 * workflow needs one). Management keeps the action plan; an auditor moves the due date.
 */
export default function AuditRecommendationPage({ id }: { id: string }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const base = `/api/budget/audit-recommendations/${encodeURIComponent(id)}`;
  const result = useApi<Recommendation>(base, undefined, reload);
  const finding = useApi<Finding>(result.state === 'ok' ? `/api/budget/audit-findings/${encodeURIComponent(result.data.findingId)}` : null);
  const [reason, setReason] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ status: number; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [moveErrors, setMoveErrors] = useState<FieldError[]>([]);
  // After a move the button pressed may be gone (the state changed): the focus goes to what the page says instead.
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [actions, setActions] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const { errors: planErrors, failure: planFailure, run: runPlan } = useAction();
  const [dueDate, setDueDate] = useState('');
  const [dueReason, setDueReason] = useState('');
  const { errors: dueErrors, failure: dueFailure, run: runDue } = useAction();

  if (result.state !== 'ok') return <LoadStatus result={result} />;
  const r = result.data;
  const actors = actorsOf(session?.user);
  const moves = movesFor(RECOMMENDATION_MOVES, r.status, r.allowedTransitions, actors);
  const needsReason = moves.some((m) => m.reason);

  async function move(to: string) {
    setBusy(true);
    setSaid(null);
    setRefused(null);
    setMoveErrors([]);
    try {
      const body: Schemas['budget-audit.RecommendationTransitionDto'] = {
        to: to as Schemas['budget-audit.RecommendationTransitionDto']['to'],
        ...(reason.trim() ? { reason } : {}),
      };
      const next = await apiJson<Recommendation>(`${base}/transitions`, { method: 'POST', body, token: session?.token });
      setSaid(t('auditRec.moved', { state: code('recommendationState', next.status) }));
      setReason('');
    } catch (error) {
      setRefused(refusalOf(error));
      // 422 reason_required names the reason field: said beside it too.
      if (error instanceof ApiProblem) setMoveErrors(error.errors);
    } finally {
      setBusy(false);
      outcomeRef.current?.focus();
      // What the API holds now (a refused move on a stale page shows the state someone else moved it to).
      setReload((n) => n + 1);
    }
  }

  async function savePlan(event: FormEvent) {
    event.preventDefault();
    await runPlan(async () => {
      const body: Schemas['budget-audit.ActionPlanDto'] = { actions, targetDate };
      await apiJson<Recommendation>(`${base}/action-plan`, { method: 'PUT', body, token: session?.token });
      setActions('');
      setTargetDate('');
      setReload((n) => n + 1);
      return '';
    });
  }

  async function moveDueDate(event: FormEvent) {
    event.preventDefault();
    await runDue(async () => {
      const body: Schemas['budget-audit.DueDateDto'] = { dueDate, reason: dueReason };
      await apiJson<Recommendation>(`${base}/due-date`, { method: 'POST', body, token: session?.token });
      setDueDate('');
      setDueReason('');
      setReload((n) => n + 1);
      return '';
    });
  }

  /** A history entry's from → to: states by their label, other values (dates, plan versions) as the API gives them. */
  const historyValues = (h: Schemas['budget-audit.AuditHistoryEntry']): string => {
    if (h.change === 'overdue') return '';
    const states = h.change === 'status' || h.change === 'created';
    return [h.from, h.to]
      .filter((v): v is string => !!v)
      .map((v) => (states ? code('recommendationState', v) : v))
      .join(t('auditRec.hist.arrow'));
  };
  const actionable = r.status === 'open' || r.status === 'in_progress';
  const plans = r.actionPlans ?? (r.actionPlan ? [r.actionPlan] : []);
  return (
    <>
      <h1 tabIndex={-1}>{t('auditRec.one')}</h1>
      <p>
        <Link href="/audit/recommendations">{t('auditRec.title')}</Link>
      </p>
      <p>{r.text}</p>
      <dl className="head">
        <dt>{t('auditRec.col.state')}</dt>
        <dd data-testid="rec-status" data-status={r.status}>
          {code('recommendationState', r.status)}
        </dd>
        <dt>{t('auditRec.col.due')}</dt>
        <dd>
          <DueDate dueDate={r.dueDate} overdue={r.overdue} />
        </dd>
        <dt>{t('auditRec.col.priority')}</dt>
        <dd>{code('auditRating', r.priority)}</dd>
        <dt>{t('auditRec.col.owner')}</dt>
        <dd>
          <code>{r.owner}</code>
        </dd>
        {r.riskAcceptance && (
          <>
            <dt>{t('auditRec.riskAcceptance')}</dt>
            <dd>{r.riskAcceptance}</dd>
          </>
        )}
      </dl>

      <section aria-labelledby="rec-moves">
        <h2 id="rec-moves">{t('auditRec.moves')}</h2>
        {moves.length === 0 ? (
          <p>{t('auditRec.noMoves')}</p>
        ) : (
          <>
            {needsReason && (
              <TextAreaField
                name="reason"
                prefix="move"
                label={t('auditRec.reason')}
                errors={moveErrors}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
            <ul className="inline-list">
              {moves.map((m) => (
                <li key={m.to}>
                  <button type="button" disabled={busy} data-move={m.to} onClick={() => void move(m.to)}>
                    {t(m.reason ? 'auditRec.moveWithReason' : 'auditRec.moveTo', { state: code('recommendationState', m.to) })}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <div ref={outcomeRef} tabIndex={-1}>
          {said && <p role="status">{said}</p>}
          {refused && (
            <p role="alert" data-testid="refused">
              {t('auditRec.refused', { status: refused.status, detail: refused.detail })}
            </p>
          )}
        </div>
      </section>

      <section aria-labelledby="rec-finding">
        <h2 id="rec-finding">{t('auditRec.finding')}</h2>
        {finding.state === 'ok' ? (
          <>
            <p>
              <strong>{finding.data.title}</strong> ({code('auditRating', finding.data.severity)})
            </p>
            <p>{finding.data.description}</p>
            <p>
              <Link href={`/audit/engagements/${r.engagementId}`}>{t('auditRec.engagement')}</Link>
            </p>
          </>
        ) : (
          <LoadStatus result={finding} />
        )}
      </section>

      <section aria-labelledby="rec-plan">
        <h2 id="rec-plan">{t('auditRec.actionPlan')}</h2>
        {plans.length === 0 ? (
          <p>{t('auditRec.noPlan')}</p>
        ) : (
          <ol reversed>
            {[...plans].reverse().map((a) => (
              <li key={a.version} data-plan-version={a.version}>
                <p>{a.actions}</p>
                <p className="meta">
                  {t('auditRec.planMeta', {
                    version: a.version,
                    target: date(a.targetDate),
                    by: a.submittedBy,
                    at: date(a.submittedAt, true),
                  })}
                </p>
              </li>
            ))}
          </ol>
        )}
        {actors.includes('management') && actionable && (
          <form onSubmit={savePlan} noValidate aria-labelledby="rec-plan-form">
            <h3 id="rec-plan-form">{t('auditRec.planForm')}</h3>
            <TextAreaField
              name="actions"
              prefix="plan"
              label={t('auditRec.planActions')}
              errors={planErrors}
              value={actions}
              onChange={(e) => setActions(e.target.value)}
            />
            <Field
              name="targetDate"
              prefix="plan"
              type="date"
              label={t('auditRec.planTarget')}
              errors={planErrors}
              value={targetDate}
              onChange={(e) => setTargetDate(e.target.value)}
            />
            <button type="submit">{t('auditRec.planSave')}</button>
            <FormOutcome errors={planErrors} failure={planFailure} />
          </form>
        )}
      </section>

      {actors.includes('auditor') && actionable && (
        <section aria-labelledby="rec-due">
          <h2 id="rec-due">{t('auditRec.dueForm')}</h2>
          <form onSubmit={moveDueDate} noValidate>
            <Field
              name="dueDate"
              prefix="due"
              type="date"
              label={t('auditRec.newDue')}
              errors={dueErrors}
              value={dueDate}
              onChange={(e) => setDueDate(e.target.value)}
            />
            <TextAreaField
              name="reason"
              prefix="due"
              label={t('auditRec.dueReason')}
              errors={dueErrors}
              value={dueReason}
              onChange={(e) => setDueReason(e.target.value)}
            />
            <button type="submit">{t('auditRec.dueSave')}</button>
            <FormOutcome errors={dueErrors} failure={dueFailure} />
          </form>
        </section>
      )}

      <AuditHistory id="rec-history" entries={r.history ?? []} values={historyValues} />
    </>
  );
}
