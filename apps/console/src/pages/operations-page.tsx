import { useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { intelExchangeCommodityCategoryValues, intelExchangeCreateOperationDtoRequiredFieldsValues } from '../api/schema';
import { requiredFieldLabel } from '../i18n/codes';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { CheckboxGroup, Field, memberCodes, FormOutcome } from './form-field';
import { LoadStatus } from './status';
import { useApi } from './use-api';

type Operation = Schemas['intel-exchange.OperationView'];
type Commodity = Schemas['intel-exchange.CommodityCategory'];
type RequiredField = Schemas['intel-exchange.CreateOperationDto']['requiredFields'][number];

/**
 * The joint operations the coordinator runs, and the form that creates one (planned, with its first participants);
 * an operation from a stored template is created on the template's page.
 */
export default function OperationsPage() {
  const i18n = useI18n();
  const { t, date, code } = i18n;
  const { session } = useSession();
  const operations = useApi<Operation[]>('/api/intel/operations');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [participants, setParticipants] = useState('');
  const [focus, setFocus] = useState<Commodity[]>([]);
  const [required, setRequired] = useState<RequiredField[]>([]);
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
        requiredFields: required,
      };
      const created = await apiJson<Operation>('/api/intel/operations', { method: 'POST', body, token: session?.token });
      navigate(`/operations/${created.id}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  }

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
                <td>{code('operationState', o.state)}</td>
                <td>{t('operations.period', { from: date(o.startsOn), to: date(o.endsOn) })}</td>
                <td>{o.participants.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-operation">
        <h2 id="new-operation">{t('operations.new')}</h2>
        <p>
          <Link href="/operation-templates">{t('operations.templatesLink')}</Link>
        </p>
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
          <CheckboxGroup
            name="commodityFocus"
            legend={t('operations.field.commodityFocus')}
            values={intelExchangeCommodityCategoryValues}
            chosen={focus}
            onChange={setFocus}
            errors={errors}
            label={(c) => code('commodityCategory', c)}
          />
          <CheckboxGroup
            name="requiredFields"
            legend={t('operations.field.requiredFields')}
            hint={t('operations.field.requiredFieldsHint')}
            values={intelExchangeCreateOperationDtoRequiredFieldsValues}
            chosen={required}
            onChange={setRequired}
            errors={errors}
            label={(f) => requiredFieldLabel(i18n, f)}
          />
          <button type="submit">{t('operations.create')}</button>
          <FormOutcome errors={errors} failure={failure} />
        </form>
      </section>
    </>
  );
}
