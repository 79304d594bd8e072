import { useRef, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type Schemas } from '../api/client';
import { budgetAuditAuditRecommendationPriorityValues as RATINGS } from '../api/schema';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { actorsOf, ENGAGEMENT_MOVES, FINDING_STATES, findingBody, movesFor } from '../audit/follow-up';
import { useI18n } from '../i18n/i18n';
import { Field, FormOutcome, SelectField, TextAreaField } from './form-field';
import { LoadStatus } from './status';
import { useAction } from './use-action';
import { useApi } from './use-api';

type Engagement = Schemas['budget-audit.AuditEngagement'];
type FindingPage = Schemas['budget-audit.AuditFindingPage'];

const EMPTY = { title: '', description: '', severity: '', text: '', priority: '', owner: '', dueDate: '' };

/**
 * One engagement: its state and the moves the person may make, its findings with their recommendations (each opens
 * its follow-up page), and, for an auditor while the engagement is in fieldwork or at draft report, the form that
 * records a finding with its first recommendation (the API's field errors beside the fields).
 */
export default function AuditEngagementPage({ id }: { id: string }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const base = `/api/budget/audit-engagements/${encodeURIComponent(id)}`;
  const result = useApi<Engagement>(base, undefined, reload);
  const findings = useApi<FindingPage>(`/api/budget/audit-findings?engagementId=${encodeURIComponent(id)}&limit=100`, undefined, reload);
  const [form, setForm] = useState(EMPTY);
  const { said, errors, failure, run } = useAction();
  const [moved, setMoved] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  // After a move its button is gone (the state changed): the focus goes to what the page says instead.
  const movedRef = useRef<HTMLDivElement>(null);

  if (result.state !== 'ok') return <LoadStatus result={result} />;
  const e = result.data;
  const actors = actorsOf(session?.user);
  const moves = movesFor(ENGAGEMENT_MOVES, e.status, e.allowedTransitions, actors);
  const ratings = RATINGS.map((r) => ({ value: r, label: code('auditRating', r) }));
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  async function move(to: string) {
    setMoved(null);
    setRefused(null);
    try {
      const body: Schemas['budget-audit.EngagementTransitionDto'] = { to: to as Schemas['budget-audit.EngagementTransitionDto']['to'] };
      const next = await apiJson<Engagement>(`${base}/transitions`, { method: 'POST', body, token: session?.token });
      setMoved(t('auditRec.moved', { state: code('engagementState', next.status) }));
    } catch (error) {
      const status = error instanceof ApiProblem ? error.status : 0;
      setRefused(t('auditRec.refused', { status, detail: error instanceof Error ? error.message : String(error) }));
    }
    movedRef.current?.focus();
    setReload((n) => n + 1);
  }

  async function record(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const body = findingBody(
        { ...form, recommendations: [{ text: form.text, priority: form.priority, owner: form.owner, dueDate: form.dueDate }] },
        () => crypto.randomUUID(),
      ) as Schemas['budget-audit.CreateFindingDto'];
      await apiJson(`${base}/findings`, { method: 'POST', body, token: session?.token });
      setForm(EMPTY);
      setReload((n) => n + 1);
      return t('auditEng.recorded');
    });
  }

  return (
    <>
      <h1 tabIndex={-1}>{e.title}</h1>
      <ul className="inline-list">
        <li>
          <Link href="/audit/engagements">{t('auditEng.title')}</Link>
        </li>
        <li>
          <Link href={`/audit/plans/${e.planId}`}>{t('auditEng.plan')}</Link>
        </li>
      </ul>
      <dl className="head">
        <dt>{t('auditEng.col.state')}</dt>
        <dd data-testid="engagement-status">{code('engagementState', e.status)}</dd>
        <dt>{t('auditEng.col.year')}</dt>
        <dd>{e.fiscalYear}</dd>
        <dt>{t('auditEng.col.period')}</dt>
        <dd>{t('auditEng.period', { from: date(e.plannedStart), to: date(e.plannedEnd) })}</dd>
        <dt>{t('auditEng.col.lead')}</dt>
        <dd>
          <code>{e.leadAuditor}</code>
        </dd>
        <dt>{t('auditEng.scope')}</dt>
        <dd>{e.scope}</dd>
      </dl>
      {moves.length > 0 && (
        <ul className="inline-list" aria-label={t('auditRec.moves')}>
          {moves.map((m) => (
            <li key={m.to}>
              <button type="button" onClick={() => void move(m.to)}>
                {t('auditRec.moveTo', { state: code('engagementState', m.to) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div ref={movedRef} tabIndex={-1}>
        {moved && <p role="status">{moved}</p>}
        {refused && <p role="alert">{refused}</p>}
      </div>

      <section aria-labelledby="eng-findings">
        <h2 id="eng-findings">{t('auditEng.findings')}</h2>
        {findings.state === 'ok' ? (
          findings.data.items.length === 0 ? (
            <p>{t('auditEng.noFindings')}</p>
          ) : (
            <ul>
              {findings.data.items.map((f) => (
                <li key={f.id} data-finding={f.id}>
                  <strong>{f.title}</strong> ({code('auditRating', f.severity)})
                  <ul>
                    {f.recommendations.map((r) => (
                      <li key={r.id}>
                        <Link href={`/audit/recommendations/${r.id}`}>{r.text}</Link> — {code('recommendationState', r.status)}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )
        ) : (
          <LoadStatus result={findings} />
        )}
      </section>

      {actors.includes('auditor') && FINDING_STATES.includes(e.status) && (
        <section aria-labelledby="eng-new-finding">
          <h2 id="eng-new-finding">{t('auditEng.newFinding')}</h2>
          <form onSubmit={record} noValidate>
            <Field name="title" label={t('auditEng.field.title')} errors={errors} value={form.title} onChange={set('title')} />
            <TextAreaField
              name="description"
              label={t('auditEng.field.description')}
              errors={errors}
              value={form.description}
              onChange={set('description')}
            />
            <SelectField
              name="severity"
              label={t('auditEng.field.severity')}
              errors={errors}
              options={ratings}
              placeholder={t('report.choose')}
              value={form.severity}
              onChange={set('severity')}
            />
            <fieldset>
              <legend>{t('auditEng.firstRecommendation')}</legend>
              <TextAreaField
                name="recommendations.0.text"
                label={t('auditEng.field.text')}
                errors={errors}
                value={form.text}
                onChange={set('text')}
              />
              <SelectField
                name="recommendations.0.priority"
                label={t('auditEng.field.priority')}
                errors={errors}
                options={ratings}
                placeholder={t('report.choose')}
                value={form.priority}
                onChange={set('priority')}
              />
              <Field
                name="recommendations.0.owner"
                label={t('auditEng.field.owner')}
                hint={t('auditEng.field.ownerHint')}
                errors={errors}
                value={form.owner}
                onChange={set('owner')}
              />
              <Field
                name="recommendations.0.dueDate"
                type="date"
                label={t('auditEng.field.dueDate')}
                errors={errors}
                value={form.dueDate}
                onChange={set('dueDate')}
              />
            </fieldset>
            <button type="submit">{t('auditEng.record')}</button>
            <FormOutcome errors={errors} failure={failure} />
          </form>
        </section>
      )}
      {said && <p role="status">{said}</p>}
    </>
  );
}
