import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { useSession } from '../app/session';
import { assistanceResultIndicatorDtoMeasureValues } from '../api/schema';
import {
  draftOfIndicator,
  emptyIndicator,
  emptyPeriod,
  indicatorsBody,
  patched,
  without,
  type IndicatorDraft,
  type PeriodDraft,
} from '../assistance/indicators';
import { useI18n } from '../i18n/i18n';
import { errorsFor, Field, FieldErrorText, FormOutcome } from './form-field';
import { Table } from './table';
import { useApi } from './use-api';

type Evaluation = Schemas['assistance.EvaluationView'];
type Criteria = Schemas['assistance.CriteriaDto'];
type Criterion = keyof Criteria;

/** The six OECD-DAC evaluation criteria, in the DAC's order. */
export const CRITERIA: Criterion[] = ['relevance', 'coherence', 'effectiveness', 'efficiency', 'impact', 'sustainability'];
const RATINGS = [1, 2, 3, 4] as const;
const SATISFACTION = [1, 2, 3, 4, 5] as const;

/** The indicator's text fields after its name and measure, in the form's order (IATI: baseline, target, actual). */
const INDICATOR_FIELDS = [
  ['baseline', 'text'],
  ['baselineDate', 'date'],
  ['target', 'text'],
  ['targetDate', 'date'],
  ['actual', 'text'],
  ['actualDate', 'date'],
] as const;

/** A reporting period's fields, in the form's order. */
const PERIOD_FIELDS = [
  ['start', 'date'],
  ['end', 'date'],
  ['target', 'text'],
  ['actual', 'text'],
] as const;

/** A select named by its API field, with its errors beside it (as Field does for inputs). */
function Choice<T extends string | number>({
  name,
  label,
  values,
  value,
  onChange,
  errors,
  text,
}: {
  name: string;
  label: string;
  values: readonly T[];
  value: T | '';
  onChange(v: T): void;
  errors: FieldError[];
  text(v: T): string;
}) {
  const mine = errorsFor(errors, name);
  return (
    <div className={mine.length ? 'field invalid' : 'field'}>
      <label htmlFor={`f-${name}`}>{label}</label>
      <select
        id={`f-${name}`}
        name={name}
        value={String(value)}
        aria-invalid={mine.length ? true : undefined}
        aria-describedby={mine.length ? `f-${name}-error` : undefined}
        onChange={(e) => onChange(values.find((v) => String(v) === e.target.value) as T)}
      >
        <option value="">—</option>
        {values.map((v) => (
          <option key={v} value={String(v)}>
            {text(v)}
          </option>
        ))}
      </select>
      <FieldErrorText name={name} errors={mine} />
    </div>
  );
}

/**
 * The evaluation after delivery: the six OECD-DAC criteria (rating 1–4 and a comment each), the Member's satisfaction
 * (1–5), whether a follow-up visit is needed, and result indicators (baseline, target, actual). Shown to the Member
 * and the coordinator; a coordinator records (or corrects) it while the request is in evaluation.
 */
export function EvaluationSection({
  request,
  coordinator,
  onDone,
}: {
  request: Schemas['assistance.RequestView'];
  coordinator: boolean;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const path = `/api/assistance/requests/${encodeURIComponent(request.id)}/evaluation`;
  const current = useApi<Evaluation>(path, undefined, reload);
  const editable = coordinator && request.state === 'evaluation';
  // Said here, not in the form: the form is drawn again from the evaluation as recorded once it has been reloaded.
  const [said, setSaid] = useState<string | null>(null);
  return (
    <section aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">{t('evaluation.title')}</h2>
      {current.state === 'ok' && <EvaluationView evaluation={current.data} />}
      {current.state === 'error' && <p>{current.status === 404 ? t('evaluation.none') : t('common.error', { detail: current.message })}</p>}
      {editable && current.state !== 'loading' && (
        <EvaluationForm
          path={path}
          initial={current.state === 'ok' ? current.data : null}
          onDone={() => {
            setSaid(t('evaluation.saved'));
            setReload((n) => n + 1);
            onDone();
          }}
        />
      )}
      {said && <p role="status">{said}</p>}
    </section>
  );
}

function EvaluationView({ evaluation }: { evaluation: Evaluation }) {
  const { t, date } = useI18n();
  return (
    <>
      <Table
        data-testid="evaluation"
        caption={t('evaluation.recorded', { date: date(evaluation.evaluatedAt, true) })}
        captionHidden={false}
        columns={[t('evaluation.criterion'), t('evaluation.rating'), t('evaluation.comment')]}
      >
        {CRITERIA.map((c) => (
          <tr key={c} data-criterion={c}>
            <th scope="row">{t(`evaluation.criterion.${c}`)}</th>
            <td>{t(`evaluation.rating.${evaluation.criteria[c].rating as 1 | 2 | 3 | 4}`)}</td>
            <td>{evaluation.criteria[c].comment}</td>
          </tr>
        ))}
      </Table>
      <p data-testid="satisfaction">{t('evaluation.satisfactionIs', { score: evaluation.satisfaction })}</p>
      <p>{evaluation.followUpNeeded ? t('evaluation.followUpYes') : t('evaluation.followUpNo')}</p>
      {(evaluation.indicators ?? []).length > 0 && (
        <Table
          data-testid="indicators"
          caption={t('evaluation.indicators')}
          captionHidden={false}
          columns={[
            t('evaluation.indicator.name'),
            t('evaluation.indicator.baseline'),
            t('evaluation.indicator.target'),
            t('evaluation.indicator.actual'),
            t('evaluation.indicator.periods'),
          ]}
        >
          {(evaluation.indicators ?? []).map((i) => (
            <tr key={`${i.name} ${i.baselineDate}`}>
              <th scope="row">{i.name}</th>
              <td>{t('evaluation.valueOn', { value: i.baseline, date: date(i.baselineDate) })}</td>
              <td>{t('evaluation.valueOn', { value: i.target, date: date(i.targetDate) })}</td>
              <td>{i.actual ? (i.actualDate ? t('evaluation.valueOn', { value: i.actual, date: date(i.actualDate) }) : i.actual) : '—'}</td>
              <td>
                {(i.periods ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul>
                    {(i.periods ?? []).map((p) => (
                      <li key={p.start}>
                        {t('evaluation.periodIs', {
                          from: date(p.start),
                          to: date(p.end),
                          target: p.target,
                          actual: p.actual ?? '—',
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function EvaluationForm({ path, initial, onDone }: { path: string; initial: Evaluation | null; onDone(): void }) {
  const { t, code } = useI18n();
  const { session } = useSession();
  const [criteria, setCriteria] = useState<Record<Criterion, { rating: number | ''; comment: string }>>(
    () =>
      Object.fromEntries(CRITERIA.map((c) => [c, initial ? { ...initial.criteria[c] } : { rating: '', comment: '' }])) as Record<
        Criterion,
        { rating: number | ''; comment: string }
      >,
  );
  const [satisfaction, setSatisfaction] = useState<number | ''>(initial?.satisfaction ?? '');
  const [followUp, setFollowUp] = useState(initial?.followUpNeeded ?? false);
  const [indicators, setIndicators] = useState<IndicatorDraft[]>(() => (initial?.indicators ?? []).map(draftOfIndicator));
  // After "add", the new indicator's (or period's) first field takes the focus; after "remove", the add button.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const setCriterion = (c: Criterion, patch: Partial<{ rating: number | ''; comment: string }>) =>
    setCriteria((all) => ({ ...all, [c]: { ...all[c], ...patch } }));
  const setIndicator = (i: number, patch: Partial<IndicatorDraft>) => setIndicators((all) => patched(all, i, patch));
  const setPeriod = (i: number, j: number, patch: Partial<PeriodDraft>) =>
    setIndicators((all) => patched(all, i, { periods: patched(all[i].periods, j, patch) }));
  const addIndicator = () => {
    focusNext.current = `f-indicators.${indicators.length}.name`;
    setIndicators((all) => [...all, emptyIndicator()]);
  };
  const removeIndicator = (i: number) => {
    focusNext.current = 'add-indicator';
    setIndicators((all) => without(all, i));
  };
  const addPeriod = (i: number) => {
    focusNext.current = `f-indicators.${i}.periods.${indicators[i].periods.length}.start`;
    setIndicators((all) => patched(all, i, { periods: [...all[i].periods, emptyPeriod()] }));
  };
  const removePeriod = (i: number, j: number) => {
    focusNext.current = `add-period-${i}`;
    setIndicators((all) => patched(all, i, { periods: without(all[i].periods, j) }));
  };

  async function record(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setFailure(null);
    // Every indicator of the form is sent, in its order: the API's errors name them by position.
    const body = {
      criteria: Object.fromEntries(
        CRITERIA.map((c) => [c, { rating: criteria[c].rating === '' ? null : criteria[c].rating, comment: criteria[c].comment }]),
      ),
      satisfaction: satisfaction === '' ? null : satisfaction,
      followUpNeeded: followUp,
      indicators: indicatorsBody(indicators),
    };
    try {
      await apiJson<Evaluation>(path, { method: 'PUT', body, token: session?.token });
      onDone();
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <form onSubmit={record} noValidate>
      {CRITERIA.map((c) => (
        <fieldset key={c}>
          <legend>{t(`evaluation.criterion.${c}`)}</legend>
          <Choice<number>
            name={`criteria.${c}.rating`}
            label={t('evaluation.ratingOf', { criterion: t(`evaluation.criterion.${c}`) })}
            values={RATINGS}
            value={criteria[c].rating}
            onChange={(v) => setCriterion(c, { rating: v })}
            errors={errors}
            text={(v) => t(`evaluation.rating.${v as 1 | 2 | 3 | 4}`)}
          />
          <Field
            name={`criteria.${c}.comment`}
            label={t('evaluation.commentOn', { criterion: t(`evaluation.criterion.${c}`) })}
            errors={errors}
            value={criteria[c].comment}
            onChange={(e) => setCriterion(c, { comment: e.target.value })}
          />
        </fieldset>
      ))}
      <Choice<number>
        name="satisfaction"
        label={t('evaluation.satisfaction')}
        values={SATISFACTION}
        value={satisfaction}
        onChange={setSatisfaction}
        errors={errors}
        text={(v) => String(v)}
      />
      <div className="field">
        <span className="choice">
          <input id="f-followUpNeeded" type="checkbox" checked={followUp} onChange={(e) => setFollowUp(e.target.checked)} />
          <label htmlFor="f-followUpNeeded">{t('evaluation.followUp')}</label>
        </span>
      </div>
      <h3>{t('evaluation.indicators')}</h3>
      <FieldErrorText name="indicators" errors={errors.filter((e) => e.field === 'indicators')} />
      {indicators.length === 0 && <p>{t('evaluation.noIndicators')}</p>}
      {indicators.map((indicator, i) => (
        <fieldset key={i} data-indicator={i}>
          <legend>{t('evaluation.indicatorN', { n: i + 1 })}</legend>
          <Field
            name={`indicators.${i}.name`}
            label={t('evaluation.indicator.name')}
            errors={errors}
            value={indicator.name}
            onChange={(e) => setIndicator(i, { name: e.target.value })}
          />
          <Choice
            name={`indicators.${i}.measure`}
            label={t('evaluation.indicator.measure')}
            values={assistanceResultIndicatorDtoMeasureValues}
            value={indicator.measure}
            onChange={(measure) => setIndicator(i, { measure })}
            errors={errors}
            text={(v) => code('measure', v)}
          />
          {INDICATOR_FIELDS.map(([key, type]) => (
            <Field
              key={key}
              name={`indicators.${i}.${key}`}
              type={type}
              label={t(`evaluation.indicator.${key}`)}
              errors={errors}
              value={indicator[key]}
              onChange={(e) => setIndicator(i, { [key]: e.target.value })}
            />
          ))}
          {indicator.periods.map((period, j) => (
            <fieldset key={j} data-period={j}>
              <legend>{t('evaluation.periodN', { n: j + 1 })}</legend>
              {PERIOD_FIELDS.map(([key, type]) => (
                <Field
                  key={key}
                  name={`indicators.${i}.periods.${j}.${key}`}
                  type={type}
                  label={t(`evaluation.period.${key}`)}
                  errors={errors}
                  value={period[key]}
                  onChange={(e) => setPeriod(i, j, { [key]: e.target.value })}
                />
              ))}
              <button type="button" className="link" onClick={() => removePeriod(i, j)}>
                {t('evaluation.removePeriod', { n: j + 1, indicator: i + 1 })}
              </button>
            </fieldset>
          ))}
          <FieldErrorText name={`indicators.${i}.periods`} errors={errors.filter((e) => e.field === `indicators.${i}.periods`)} />
          <button type="button" id={`add-period-${i}`} onClick={() => addPeriod(i)}>
            {t('evaluation.addPeriod', { indicator: i + 1 })}
          </button>{' '}
          <button type="button" onClick={() => removeIndicator(i)}>
            {t('evaluation.removeIndicator', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" id="add-indicator" onClick={addIndicator}>
          {t('evaluation.addIndicator')}
        </button>
      </p>
      <button type="submit">{t('evaluation.record')}</button>
      <FormOutcome errors={errors} failure={failure} />
    </form>
  );
}
