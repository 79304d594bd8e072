import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { intelExchangeCommodityCategoryValues } from '../api/schema';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { errorsFor, Field, memberCodes } from './form-field';
import { LoadStatus } from './status';
import { useApi } from './use-api';

type Operation = Schemas['intel-exchange.OperationView'];
type Commodity = Schemas['intel-exchange.CommodityCategory'];

/** The joint operations the coordinator runs, and the form that creates one (planned, with its first participants). */
export default function OperationsPage() {
  const { t, date } = useI18n();
  const { session } = useSession();
  const operations = useApi<Operation[]>('/api/intel/operations');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [participants, setParticipants] = useState('');
  const [focus, setFocus] = useState<Commodity[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setFailure(null);
    try {
      const body: Schemas['intel-exchange.CreateOperationDto'] = {
        name,
        startsOn,
        endsOn,
        participants: memberCodes(participants) as Schemas['intel-exchange.MemberCode'][],
        commodityFocus: focus,
        requiredFields: [],
      };
      const created = await apiJson<Operation>('/api/intel/operations', { method: 'POST', body, token: session?.token });
      navigate(`/operations/${created.id}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  const focusErrors = errorsFor(errors, 'commodityFocus');
  return (
    <>
      <h1 tabIndex={-1}>{t('operations.title')}</h1>
      <LoadStatus result={operations} />
      {operations.state === 'ok' && operations.data.length === 0 && <p>{t('operations.empty')}</p>}
      {operations.state === 'ok' && operations.data.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('operations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('operations.col.name')}</th>
              <th scope="col">{t('operations.col.state')}</th>
              <th scope="col">{t('operations.col.period')}</th>
              <th scope="col">{t('operations.col.participants')}</th>
            </tr>
          </thead>
          <tbody>
            {operations.data.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link href={`/operations/${o.id}`}>{o.name}</Link>
                </td>
                <td>{t(`operations.state.${o.state}`)}</td>
                <td>{t('operations.period', { from: date(o.startsOn), to: date(o.endsOn) })}</td>
                <td>{o.participants.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-operation">
        <h2 id="new-operation">{t('operations.new')}</h2>
        <form onSubmit={create} noValidate>
          <Field name="name" label={t('operations.field.name')} errors={errors} value={name} onChange={(e) => setName(e.target.value)} />
          <Field
            name="startsOn"
            label={t('operations.field.startsOn')}
            type="date"
            errors={errors}
            value={startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
          />
          <Field
            name="endsOn"
            label={t('operations.field.endsOn')}
            type="date"
            errors={errors}
            value={endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
          />
          <Field
            name="participants"
            label={t('operations.field.participants')}
            errors={errors}
            value={participants}
            onChange={(e) => setParticipants(e.target.value)}
          />
          <fieldset aria-describedby={focusErrors.length ? 'f-commodityFocus-error' : undefined}>
            <legend>{t('operations.field.commodityFocus')}</legend>
            <div className="inline-list">
              {intelExchangeCommodityCategoryValues.map((c) => (
                <span className="choice" key={c}>
                  <input
                    type="checkbox"
                    id={`focus-${c}`}
                    checked={focus.includes(c)}
                    onChange={(e) => setFocus((f) => (e.target.checked ? [...f, c] : f.filter((x) => x !== c)))}
                  />
                  <label htmlFor={`focus-${c}`}>{c}</label>
                </span>
              ))}
            </div>
            {focusErrors.length > 0 && (
              <span id="f-commodityFocus-error" className="error">
                {focusErrors.map((e) => e.reason).join('; ')}
              </span>
            )}
          </fieldset>
          <button type="submit">{t('operations.create')}</button>
          {errors.length > 0 && <p role="alert">{t('common.invalid', { count: errors.length })}</p>}
          {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
        </form>
      </section>
    </>
  );
}
