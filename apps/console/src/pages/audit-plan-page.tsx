import { useRef, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { actorsOf, movesFor, movesFrom, PLAN_MOVES } from '../audit/follow-up';
import { useI18n } from '../i18n/i18n';
import { Field, FormOutcome, TextAreaField } from './form-field';
import { AuditHistory } from './audit-history';
import { LoadStatus } from './status';
import { useAction } from './use-action';
import { useApi } from './use-api';

type Plan = Schemas['budget-audit.AuditPlan'];
type EngagementPage = Schemas['budget-audit.AuditEngagementPage'];

const EMPTY = { title: '', scope: '', leadAuditor: '', plannedStart: '', plannedEnd: '' };

/**
 * One audit plan version: its state and history, the moves the person may make (the auditor submits; the Audit
 * Committee agrees or returns it with a reason), its engagements, and, while it is a draft, the auditor's form that
 * adds one (the API's field errors beside the fields).
 */
export default function AuditPlanPage({ id }: { id: string }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const base = `/api/budget/audit-plans/${encodeURIComponent(id)}`;
  const result = useApi<Plan>(base, undefined, reload);
  const engagements = useApi<EngagementPage>(`/api/budget/audit-engagements?planId=${encodeURIComponent(id)}&limit=100`, undefined, reload);
  const [reason, setReason] = useState('');
  const [moved, setMoved] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [moveErrors, setMoveErrors] = useState<FieldError[]>([]);
  const movedRef = useRef<HTMLDivElement>(null);
  const [form, setForm] = useState(EMPTY);
  const { errors, failure, run } = useAction();

  if (result.state !== 'ok') return <LoadStatus result={result} />;
  const plan = result.data;
  const actors = actorsOf(session?.user);
  const moves = movesFor(PLAN_MOVES, plan.status, movesFrom(PLAN_MOVES, plan.status), actors);
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  async function move(to: string) {
    setMoved(null);
    setRefused(null);
    setMoveErrors([]);
    try {
      const body: Schemas['budget-audit.PlanTransitionDto'] = {
        to: to as Schemas['budget-audit.PlanTransitionDto']['to'],
        ...(reason.trim() ? { reason } : {}),
      };
      const next = await apiJson<Plan>(`${base}/transitions`, { method: 'POST', body, token: session?.token });
      setMoved(t('auditRec.moved', { state: code('planState', next.status) }));
      setReason('');
    } catch (error) {
      const status = error instanceof ApiProblem ? error.status : 0;
      if (error instanceof ApiProblem) setMoveErrors(error.errors);
      setRefused(t('auditRec.refused', { status, detail: error instanceof Error ? error.message : String(error) }));
    }
    movedRef.current?.focus();
    setReload((n) => n + 1);
  }

  async function addEngagement(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const body: Schemas['budget-audit.CreateEngagementDto'] = { id: crypto.randomUUID(), ...form };
      await apiJson(`${base}/engagements`, { method: 'POST', body, token: session?.token });
      setForm(EMPTY);
      setReload((n) => n + 1);
      return '';
    });
  }

  return (
    <>
      <h1 tabIndex={-1}>{plan.title}</h1>
      <p>
        <Link href="/audit/plans">{t('auditPlan.title')}</Link>
      </p>
      <dl className="head">
        <dt>{t('auditEng.col.state')}</dt>
        <dd data-testid="plan-status" data-status={plan.status}>
          {code('planState', plan.status)}
        </dd>
        <dt>{t('auditEng.col.year')}</dt>
        <dd>{plan.fiscalYear}</dd>
        <dt>{t('auditPlan.col.version')}</dt>
        <dd>{plan.version}</dd>
        {plan.agreedAt && (
          <>
            <dt>{t('auditPlan.agreed')}</dt>
            <dd>{t('auditPlan.agreedBy', { by: plan.agreedBy ?? '', at: date(plan.agreedAt, true) })}</dd>
          </>
        )}
      </dl>
      {moves.length > 0 && (
        <section aria-labelledby="plan-moves">
          <h2 id="plan-moves">{t('auditRec.moves')}</h2>
          {moves.some((m) => m.reason) && (
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
                <button type="button" data-move={m.to} onClick={() => void move(m.to)}>
                  {t(m.reason ? 'auditRec.moveWithReason' : 'auditRec.moveTo', { state: code('planState', m.to) })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div ref={movedRef} tabIndex={-1}>
        {moved && <p role="status">{moved}</p>}
        {refused && (
          <p role="alert" data-testid="refused">
            {refused}
          </p>
        )}
      </div>

      <section aria-labelledby="plan-engagements">
        <h2 id="plan-engagements">{t('auditEng.title')}</h2>
        {engagements.state === 'ok' ? (
          engagements.data.items.length === 0 ? (
            <p>{t('auditEng.empty')}</p>
          ) : (
            <ul>
              {engagements.data.items.map((e) => (
                <li key={e.id}>
                  <Link href={`/audit/engagements/${e.id}`}>{e.title}</Link> — {code('engagementState', e.status)},{' '}
                  {t('auditEng.period', { from: date(e.plannedStart), to: date(e.plannedEnd) })}
                </li>
              ))}
            </ul>
          )
        ) : (
          <LoadStatus result={engagements} />
        )}
        {actors.includes('auditor') && plan.status === 'draft' && (
          <form onSubmit={addEngagement} noValidate aria-labelledby="plan-new-engagement">
            <h3 id="plan-new-engagement">{t('auditPlan.newEngagement')}</h3>
            <Field name="title" label={t('auditEng.col.title')} errors={errors} value={form.title} onChange={set('title')} />
            <TextAreaField name="scope" label={t('auditEng.scope')} errors={errors} value={form.scope} onChange={set('scope')} />
            <Field
              name="leadAuditor"
              label={t('auditEng.col.lead')}
              hint={t('auditPlan.leadHint')}
              errors={errors}
              value={form.leadAuditor}
              onChange={set('leadAuditor')}
            />
            <Field
              name="plannedStart"
              type="date"
              label={t('auditPlan.start')}
              errors={errors}
              value={form.plannedStart}
              onChange={set('plannedStart')}
            />
            <Field
              name="plannedEnd"
              type="date"
              label={t('auditPlan.end')}
              errors={errors}
              value={form.plannedEnd}
              onChange={set('plannedEnd')}
            />
            <button type="submit">{t('auditPlan.addEngagement')}</button>
            <FormOutcome errors={errors} failure={failure} />
          </form>
        )}
      </section>

      <AuditHistory
        id="plan-history"
        entries={plan.history ?? []}
        values={(h) =>
          [h.from, h.to]
            .filter((s): s is string => !!s)
            .map((s) => code('planState', s))
            .join(t('auditRec.hist.arrow'))
        }
      />
    </>
  );
}
