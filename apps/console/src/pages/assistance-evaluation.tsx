import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { useSession } from '../app/session';
import { assistanceResultIndicatorDtoMeasureValues } from '../api/schema';
import { useI18n } from '../i18n/i18n';
import { errorsFor, Field, FieldErrorText, FormOutcome } from './form-field';
import { Table } from './table';
import { useApi } from './use-api';

type Evaluation = Schemas['assistance.EvaluationView'];
type Criteria = Schemas['assistance.CriteriaDto'];
type Indicator = Schemas['assistance.ResultIndicatorDto'];
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

const EMPTY_INDICATOR: Indicator = { name: '', measure: 'unit', baseline: '', baselineDate: '', target: '', targetDate: '', actual: '' };

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
          ]}
        >
          {(evaluation.indicators ?? []).map((i) => (
            <tr key={i.name}>
              <th scope="row">{i.name}</th>
              <td>{t('evaluation.valueOn', { value: i.baseline, date: date(i.baselineDate) })}</td>
              <td>{t('evaluation.valueOn', { value: i.target, date: date(i.targetDate) })}</td>
              <td>{i.actual ? (i.actualDate ? t('evaluation.valueOn', { value: i.actual, date: date(i.actualDate) }) : i.actual) : '—'}</td>
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
  const [indicator, setIndicator] = useState<Indicator>(initial?.indicators?.[0] ?? EMPTY_INDICATOR);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const setCriterion = (c: Criterion, patch: Partial<{ rating: number | ''; comment: string }>) =>
    setCriteria((all) => ({ ...all, [c]: { ...all[c], ...patch } }));
  const setIndicatorField = (patch: Partial<Indicator>) => setIndicator((i) => ({ ...i, ...patch }));

  async function record(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setFailure(null);
    // An indicator the coordinator did not start is not sent; a started one goes as typed, and the API says what is missing.
    const started = Object.entries(indicator).some(([k, v]) => k !== 'measure' && v !== '' && v !== undefined);
    const body = {
      criteria: Object.fromEntries(
        CRITERIA.map((c) => [c, { rating: criteria[c].rating === '' ? null : criteria[c].rating, comment: criteria[c].comment }]),
      ),
      satisfaction: satisfaction === '' ? null : satisfaction,
      followUpNeeded: followUp,
      indicators: started
        ? [Object.fromEntries(Object.entries(indicator).filter(([k, v]) => !(['actual', 'actualDate'].includes(k) && v === '')))]
        : [],
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
      <fieldset>
        <legend>{t('evaluation.indicatorLegend')}</legend>
        <Field
          name="indicators.0.name"
          label={t('evaluation.indicator.name')}
          errors={errors}
          value={indicator.name}
          onChange={(e) => setIndicatorField({ name: e.target.value })}
        />
        <Choice
          name="indicators.0.measure"
          label={t('evaluation.indicator.measure')}
          values={assistanceResultIndicatorDtoMeasureValues}
          value={indicator.measure}
          onChange={(measure) => setIndicatorField({ measure })}
          errors={errors}
          text={(v) => code('measure', v)}
        />
        {INDICATOR_FIELDS.map(([key, type]) => (
          <Field
            key={key}
            name={`indicators.0.${key}`}
            type={type}
            label={t(`evaluation.indicator.${key}`)}
            errors={errors}
            value={indicator[key] ?? ''}
            onChange={(e) => setIndicatorField({ [key]: e.target.value })}
          />
        ))}
      </fieldset>
      <button type="submit">{t('evaluation.record')}</button>
      <FormOutcome errors={errors} failure={failure} />
    </form>
  );
}
