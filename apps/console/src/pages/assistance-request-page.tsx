import { useEffect, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { hasRole, useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { eurosToCents, recommendationLines } from '../assistance/delivery';
import { EvaluationSection } from './assistance-evaluation';
import { Field, FieldErrorText, errorsFor } from './form-field';
import { LoadStatus } from './status';
import { useApi } from './use-api';

type Request = Schemas['assistance.RequestView'];
type Mission = Schemas['assistance.MissionView'];
type State = Request['state'];
type Refusal = { reason: string; detail: string };

const API = '/api/assistance';
/** While budget-audit has not answered, the mission's funding state is asked again this often. */
const FUNDING_POLL_MS = 1500;

/** What went wrong, from the API's answer: its field errors, or its detail. */
function useFailure() {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  return {
    errors,
    failure,
    clear() {
      setErrors([]);
      setFailure(null);
    },
    take(error: unknown) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    },
  };
}

/** One assistance request: the moves the workflow allows this user next, its history, needs assessment, missions. */
export default function AssistanceRequestPage({ id }: { id: string }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const request = useApi<Request>(`${API}/requests/${encodeURIComponent(id)}`, undefined, reload);
  const [reason, setReason] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const problem = useFailure();

  if (request.state !== 'ok') return <LoadStatus result={request} />;
  const r = request.data;
  const coordinator = hasRole(session, 'assistance-coordinator');
  const actor = coordinator ? 'coordinator' : hasRole(session, 'member-analyst') && session?.user.member === r.member ? 'requester' : null;
  const moves = r.allowedTransitions.filter((m) => actor && m.by.includes(actor)).map((m) => m.to as unknown as State);

  async function move(to: State) {
    problem.clear();
    setSaid(null);
    try {
      const next = await apiJson<Request>(`${API}/requests/${encodeURIComponent(id)}/transitions`, {
        method: 'POST',
        token: session?.token,
        body: { to, version: r.version, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      });
      setReason('');
      setSaid(t('assistance.moved', { state: code('requestState', next.state) }));
    } catch (error) {
      problem.take(error);
    }
    setReload((n) => n + 1);
  }

  return (
    <>
      <h1 tabIndex={-1}>{r.title}</h1>
      <dl>
        <dt>{t('assistance.col.state')}</dt>
        <dd data-testid="request-state">{code('requestState', r.state)}</dd>
        <dt>{t('operation.member')}</dt>
        <dd>{r.member}</dd>
        <dt>{t('assistance.field.kind')}</dt>
        <dd>{code('assistanceKind', r.kind)}</dd>
        <dt>{t('assistance.field.area')}</dt>
        <dd>{code('thematicArea', r.thematicArea)}</dd>
        <dt>{t('operations.col.period')}</dt>
        <dd>{t('operations.period', { from: date(r.period.start), to: date(r.period.end) })}</dd>
        <dt>{t('assistance.field.objectives')}</dt>
        <dd>{r.objectives}</dd>
        <dt>{t('assistance.field.need')}</dt>
        <dd>{r.need.description}</dd>
      </dl>

      <section aria-labelledby="next-title">
        <h2 id="next-title">{t('assistance.next')}</h2>
        {moves.length === 0 ? (
          <p>{t('assistance.noMove')}</p>
        ) : (
          <>
            <div className="field">
              <label htmlFor="move-reason">{t('assistance.reason')}</label>
              <input id="move-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <ul className="inline-list" data-testid="moves">
              {moves.map((to) => (
                <li key={to}>
                  <button type="button" onClick={() => void move(to)}>
                    {t('assistance.moveTo', { state: code('requestState', to) })}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <p role="status">{said}</p>
        {problem.failure && <p role="alert">{t('common.error', { detail: problem.failure })}</p>}
        {problem.errors.length > 0 && <p role="alert">{problem.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}</p>}
      </section>

      {coordinator && r.state === 'needs_assessment' && <NeedsAssessment request={r} onDone={() => setReload((n) => n + 1)} />}
      {r.needsAssessment && (
        <section aria-labelledby="assessment-title">
          <h2 id="assessment-title">{t('assistance.assessment')}</h2>
          <p>{r.needsAssessment.findings}</p>
          <ul>
            {r.needsAssessment.interventions.map((i) => (
              <li key={i.description}>
                {i.description} ({code('priority', i.priority)})
              </li>
            ))}
          </ul>
        </section>
      )}

      <Missions request={r} reload={reload} />
      {(r.state === 'evaluation' || r.state === 'closed') && (
        <EvaluationSection request={r} coordinator={coordinator} onDone={() => setReload((n) => n + 1)} />
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('assistance.history')}</h2>
        <ol data-testid="history">
          {(r.history ?? []).map((h) => (
            <li key={h.version}>
              {t('assistance.historyEntry', {
                date: date(h.at, true),
                from: h.from ? code('requestState', String(h.from)) : '—',
                to: code('requestState', String(h.to)),
                member: h.byMember,
              })}
              {h.reason ? ` — ${h.reason}` : ''}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link href="/assistance">{t('assistance.back')}</Link>
      </p>
    </>
  );
}

function NeedsAssessment({ request, onDone }: { request: Request; onDone(): void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const [findings, setFindings] = useState('');
  const [gap, setGap] = useState('');
  const [intervention, setIntervention] = useState('');
  const problem = useFailure();
  async function submit(event: FormEvent) {
    event.preventDefault();
    problem.clear();
    try {
      await apiJson(`${API}/requests/${encodeURIComponent(request.id)}/needs-assessment`, {
        method: 'PUT',
        token: session?.token,
        body: {
          findings,
          gaps: gap.trim() ? [gap.trim()] : [],
          interventions: intervention.trim() ? [{ description: intervention.trim(), priority: 'high' }] : [],
          version: request.version,
        },
      });
      onDone();
    } catch (error) {
      problem.take(error);
    }
  }
  return (
    <section aria-labelledby="assess-title">
      <h2 id="assess-title">{t('assistance.assess')}</h2>
      <form onSubmit={submit} noValidate>
        <Field
          name="findings"
          label={t('assistance.field.findings')}
          errors={problem.errors}
          value={findings}
          onChange={(e) => setFindings(e.target.value)}
        />
        <Field name="gaps" label={t('assistance.field.gap')} errors={problem.errors} value={gap} onChange={(e) => setGap(e.target.value)} />
        <Field
          name="interventions"
          label={t('assistance.field.intervention')}
          errors={problem.errors}
          value={intervention}
          onChange={(e) => setIntervention(e.target.value)}
        />
        <button type="submit">{t('assistance.saveAssessment')}</button>
        {problem.failure && <p role="alert">{t('common.error', { detail: problem.failure })}</p>}
      </form>
    </section>
  );
}

const euros = (cents: number): number => cents / 100;
const cents = (text: string): number => Math.round(Number(text.replace(',', '.')) * 100);

/** The request's missions with their funding state from the saga; a coordinator plans, funds and staffs them. */
function Missions({ request, reload }: { request: Request; reload: number }) {
  const { t, money, date, code } = useI18n();
  const { session } = useSession();
  const coordinator = hasRole(session, 'assistance-coordinator');
  const [mine, setMine] = useState(0);
  const missions = useApi<Schemas['assistance.MissionListView']>(`${API}/missions`, undefined, reload + mine);
  // Kept while a poll reloads the list, so the missions do not blink out every time their funding state is asked.
  const [list, setList] = useState<Mission[]>([]);
  useEffect(() => {
    if (missions.state === 'ok') setList(missions.data.items.filter((m) => m.requestId === request.id));
  }, [missions, request.id]);
  const waiting = list.some((m) => m.fundingStatus === 'pending' || m.fundingStatus === 'posting' || m.fundingStatus === 'releasing');
  // The saga answers asynchronously (Kafka, budget-audit): ask again until the funding state settles.
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setMine((n) => n + 1), FUNDING_POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, mine]);
  return (
    <section aria-labelledby="missions-title">
      <h2 id="missions-title">{t('assistance.missions')}</h2>
      {missions.state !== 'ok' && mine === 0 && <LoadStatus result={missions} />}
      {missions.state === 'ok' && list.length === 0 && <p>{t('assistance.noMissions')}</p>}
      {list.map((m) => (
        <article key={m.id} aria-labelledby={`mission-${m.id}`} className="mission" data-mission={m.id}>
          <h3 id={`mission-${m.id}`}>{m.title}</h3>
          <dl>
            <dt>{t('operations.col.period')}</dt>
            <dd>{t('operations.period', { from: date(m.startDate), to: date(m.endDate) })}</dd>
            <dt>{t('assistance.field.location')}</dt>
            <dd>{m.location}</dd>
            <dt>{t('assistance.estimate')}</dt>
            <dd>
              {money(euros(m.estimateCents), 'EUR')} (<code>{m.budgetLine}</code>, {m.fiscalYear})
            </dd>
            <dt>{t('delivery.missionState')}</dt>
            <dd data-testid="mission-state" data-state={m.state}>
              {code('missionState', m.state)}
            </dd>
            {typeof m.actualCents === 'number' && (
              <>
                <dt>{t('delivery.actual')}</dt>
                <dd data-testid="actual-cost">{money(euros(m.actualCents), 'EUR')}</dd>
              </>
            )}
            <dt>{t('assistance.funding')}</dt>
            <dd data-testid="funding-status" data-status={m.fundingStatus}>
              {code('fundingStatus', m.fundingStatus)}
              {m.fundingReason ? ` (${m.fundingReason})` : ''}
            </dd>
          </dl>
          <DeliveryReport mission={m} />
          {coordinator && <MissionActions mission={m} onDone={() => setMine((n) => n + 1)} />}
          {coordinator && m.state === 'in_delivery' && m.fundingStatus === 'funded' && (
            <DeliverMission mission={m} onDone={() => setMine((n) => n + 1)} />
          )}
        </article>
      ))}
      {coordinator && request.state === 'mission_planning' && <PlanMission request={request} onDone={() => setMine((n) => n + 1)} />}
    </section>
  );
}

function MissionActions({ mission, onDone }: { mission: Mission; onDone(): void }) {
  const { t, code, language } = useI18n();
  const { session } = useSession();
  const experts = useApi<Schemas['assistance.ExpertListView']>(`${API}/experts`);
  const [expert, setExpert] = useState('');
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [said, setSaid] = useState<string | null>(null);
  const problem = useFailure();
  const roster = experts.state === 'ok' ? experts.data.items : [];
  const assigned = roster.filter((e) => mission.expertIds.includes(e.id));

  async function call(path: string, body: unknown, done: string) {
    problem.clear();
    setRefusals([]);
    setSaid(null);
    try {
      await apiJson(`${API}/missions/${encodeURIComponent(mission.id)}/${path}`, { method: 'POST', token: session?.token, body });
      setSaid(done);
      onDone();
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'expert_assignment_refused')
        setRefusals((error.body['reasons'] as Refusal[]) ?? []);
      else problem.take(error);
    }
  }

  return (
    <>
      {(mission.fundingStatus === 'not_requested' || mission.fundingStatus === 'rejected' || mission.fundingOverdue) && (
        <button type="button" onClick={() => void call('funding-request', {}, t('assistance.fundingRequested'))}>
          {t('assistance.requestFunding')}
        </button>
      )}
      <h4>{t('assistance.experts')}</h4>
      {assigned.length > 0 ? (
        <ul data-testid="assigned-experts">
          {assigned.map((e) => (
            <li key={e.id}>
              {e.fullName} ({e.member})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('assistance.noExperts')}</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void call('experts', { expertId: expert }, t('assistance.assigned'));
        }}
      >
        <div className="field">
          <label htmlFor={`expert-${mission.id}`}>{t('assistance.expert')}</label>
          <select id={`expert-${mission.id}`} value={expert} onChange={(e) => setExpert(e.target.value)}>
            <option value="">{t('report.choose')}</option>
            {roster.map((e) => (
              <option key={e.id} value={e.id}>
                {`${e.fullName} (${e.member}) — ${e.languages.map(language).join(', ')}; ${e.thematicAreas.map((a) => code('thematicArea', a)).join(', ')}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!expert}>
          {t('assistance.assign')}
        </button>
      </form>
      {refusals.length > 0 && (
        <div role="alert" data-testid="refusals">
          <p>{t('assistance.refused')}</p>
          <ul>
            {refusals.map((r) => (
              <li key={r.reason} data-reason={r.reason}>
                <strong>{code('refusalReason', r.reason)}</strong>: {r.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p role="status">{said}</p>
      {problem.failure && <p role="alert">{t('common.error', { detail: problem.failure })}</p>}
    </>
  );
}

/** The delivery report the API keeps on a delivered mission (typed loosely in the API document: read with care). */
function DeliveryReport({ mission }: { mission: Mission }) {
  const { t } = useI18n();
  const report = (mission.report ?? null) as { findings?: unknown; recommendations?: unknown } | null;
  if (!report || typeof report.findings !== 'string') return null;
  const recommendations = Array.isArray(report.recommendations) ? report.recommendations.filter((r) => typeof r === 'string') : [];
  return (
    <div data-testid="delivery-report">
      <h4>{t('delivery.report')}</h4>
      <p>{report.findings}</p>
      {recommendations.length > 0 && (
        <>
          <h5>{t('delivery.recommendations')}</h5>
          <ul>
            {recommendations.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * The coordinator's delivery step (the mission in delivery, funded): the actual cost in euros (the API takes EUR
 * cents), the findings and the recommendations. The mission is then delivered and the saga posts the actual cost to
 * budget-audit (funding "actual cost being posted", then "posted"; the list polls meanwhile).
 */
function DeliverMission({ mission, onDone }: { mission: Mission; onDone(): void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const [actual, setActual] = useState('');
  const [findings, setFindings] = useState('');
  const [recommendations, setRecommendations] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const problem = useFailure();
  const prefix = `d-${mission.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    problem.clear();
    setSaid(null);
    try {
      await apiJson(`${API}/missions/${encodeURIComponent(mission.id)}/delivery`, {
        method: 'POST',
        token: session?.token,
        body: { actualCents: eurosToCents(actual), findings, recommendations: recommendationLines(recommendations) },
      });
      setSaid(t('delivery.done'));
      onDone();
    } catch (error) {
      problem.take(error);
    }
  }
  const recErrors = errorsFor(problem.errors, 'recommendations');
  const findingErrors = errorsFor(problem.errors, 'findings');
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${prefix}-title`}>
      <h4 id={`${prefix}-title`}>{t('delivery.title')}</h4>
      <Field
        name="actualCents"
        prefix={prefix}
        label={t('delivery.actualField')}
        hint={t('delivery.actualHint', { estimate: String(euros(mission.estimateCents)) })}
        inputMode="decimal"
        errors={problem.errors}
        value={actual}
        onChange={(e) => setActual(e.target.value)}
      />
      <div className={findingErrors.length ? 'field invalid' : 'field'}>
        <label htmlFor={`${prefix}-findings`}>{t('delivery.findings')}</label>
        <textarea
          id={`${prefix}-findings`}
          name="findings"
          rows={4}
          value={findings}
          aria-invalid={findingErrors.length ? true : undefined}
          aria-describedby={findingErrors.length ? `${prefix}-findings-error` : undefined}
          onChange={(e) => setFindings(e.target.value)}
        />
        <FieldErrorText name="findings" prefix={prefix} errors={findingErrors} />
      </div>
      <div className={recErrors.length ? 'field invalid' : 'field'}>
        <label htmlFor={`${prefix}-recommendations`}>{t('delivery.recommendationsField')}</label>
        <span id={`${prefix}-recommendations-hint`} className="meta">
          {t('delivery.recommendationsHint')}
        </span>
        <textarea
          id={`${prefix}-recommendations`}
          name="recommendations"
          rows={4}
          value={recommendations}
          aria-invalid={recErrors.length ? true : undefined}
          aria-describedby={`${prefix}-recommendations-hint${recErrors.length ? ` ${prefix}-recommendations-error` : ''}`}
          onChange={(e) => setRecommendations(e.target.value)}
        />
        <FieldErrorText name="recommendations" prefix={prefix} errors={recErrors} />
      </div>
      <button type="submit">{t('delivery.submit')}</button>
      <p role="status">{said}</p>
      {problem.errors.length > 0 && <p role="alert">{t('common.invalid', { count: problem.errors.length })}</p>}
      {problem.failure && <p role="alert">{t('common.error', { detail: problem.failure })}</p>}
    </form>
  );
}

function PlanMission({ request, onDone }: { request: Request; onDone(): void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const [v, setV] = useState({
    title: request.title,
    startDate: '',
    endDate: '',
    location: '',
    travel: '',
    subsistence: '',
    fees: '',
    line: '',
    year: '',
  });
  const problem = useFailure();
  const field = (key: keyof typeof v, name: string, label: string, type = 'text') => (
    <Field
      name={name}
      label={label}
      type={type}
      errors={problem.errors}
      value={v[key]}
      onChange={(e) => setV((p) => ({ ...p, [key]: e.target.value }))}
    />
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    problem.clear();
    try {
      await apiJson(`${API}/requests/${encodeURIComponent(request.id)}/missions`, {
        method: 'POST',
        token: session?.token,
        body: {
          title: v.title,
          startDate: v.startDate,
          endDate: v.endDate,
          location: v.location,
          costEstimate: { travelCents: cents(v.travel), subsistenceCents: cents(v.subsistence), feesCents: cents(v.fees) },
          budgetLine: v.line,
          fiscalYear: Number(v.year),
        },
      });
      onDone();
    } catch (error) {
      problem.take(error);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="plan-title">
      <h3 id="plan-title">{t('assistance.plan')}</h3>
      {field('title', 'title', t('assistance.field.title'))}
      {field('startDate', 'startDate', t('assistance.field.start'), 'date')}
      {field('endDate', 'endDate', t('assistance.field.end'), 'date')}
      {field('location', 'location', t('assistance.field.location'))}
      {field('travel', 'costEstimate.travelCents', t('assistance.field.travel'))}
      {field('subsistence', 'costEstimate.subsistenceCents', t('assistance.field.subsistence'))}
      {field('fees', 'costEstimate.feesCents', t('assistance.field.fees'))}
      {field('line', 'budgetLine', t('assistance.field.budgetLine'))}
      {field('year', 'fiscalYear', t('assistance.field.fiscalYear'))}
      <button type="submit">{t('assistance.planSubmit')}</button>
      {problem.failure && <p role="alert">{t('common.error', { detail: problem.failure })}</p>}
    </form>
  );
}
