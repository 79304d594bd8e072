import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { ApiProblem, apiJson, type FieldError, type Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { intelExchangeCreateOperationDtoRequiredFieldsValues } from '../api/schema';
import { requiredFieldLabel } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import { routeOf, sharedIndicators } from '../operations/report-graph';
import { CheckboxGroup, Field } from './form-field';
import { LoadStatus } from './status';
import { useApi } from './use-api';

type Operation = Schemas['intel-exchange.OperationView'];
type Report = Schemas['intel-exchange.ReportView'];
type RequiredField = Schemas['intel-exchange.ReportTemplateDto']['requiredFields'][number];

// cytoscape and the world map (d3-geo, topojson-client, world-atlas shapes) load only on this page, each its own chunk.
const OperationGraph = lazy(() => import('./operation-graph'));
const RouteMap = lazy(() => import('./route-map'));

const NEXT: Partial<Record<Operation['state'], Operation['state']>> = { planned: 'active', active: 'closed', closed: 'archived' };

/** One operation: its state and next step, participants (admit, remove), its reports as a graph and on a world map. */
export default function OperationPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, date, code, country } = i18n;
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const base = `/api/intel/operations/${encodeURIComponent(id)}`;
  const operation = useApi<Operation>(base, undefined, reload);
  const reports = useApi<Schemas['intel-exchange.ReportPage']>(`/api/intel/reports?operationId=${encodeURIComponent(id)}&limit=100`);
  const [member, setMember] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [said, setSaid] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The report template (required fields) as edited, filled from the operation each time it loads.
  const [required, setRequired] = useState<RequiredField[]>([]);
  useEffect(() => {
    if (operation.state === 'ok') setRequired([...operation.data.requiredFields]);
  }, [operation]);

  async function change(path: string, method: 'POST' | 'PUT' | 'DELETE', body: unknown, done: (o: Operation) => string) {
    setErrors([]);
    setFailure(null);
    setSaid(null);
    try {
      const next = await apiJson<Operation>(`${base}${path}`, { method, body, token: session?.token });
      setSaid(done(next));
      setReload((n) => n + 1);
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  async function admit(event: FormEvent) {
    event.preventDefault();
    const code = member.trim().toUpperCase();
    if (await change('/participants', 'POST', { member: code }, () => t('operation.admitted', { member: code }))) setMember('');
  }

  if (operation.state !== 'ok') return <LoadStatus result={operation} />;
  const o = operation.data;
  const next = NEXT[o.state];
  const list: Report[] = reports.state === 'ok' ? reports.data.items : [];
  const shared = sharedIndicators(list);
  const frozen = o.state === 'closed' || o.state === 'archived';
  return (
    <>
      <h1 tabIndex={-1}>{o.name}</h1>
      <dl>
        <dt>{t('operations.col.state')}</dt>
        <dd data-testid="operation-state">{code('operationState', o.state)}</dd>
        <dt>{t('operations.col.period')}</dt>
        <dd>{t('operations.period', { from: date(o.startsOn), to: date(o.endsOn) })}</dd>
        <dt>{t('operations.field.commodityFocus')}</dt>
        <dd>{o.commodityFocus.map((c) => code('commodityCategory', c)).join(', ')}</dd>
        <dt>{t('operations.field.requiredFields')}</dt>
        <dd data-testid="required-fields">
          {o.requiredFields.length ? o.requiredFields.map((f) => requiredFieldLabel(i18n, f)).join(', ') : t('operation.noRequiredFields')}
        </dd>
      </dl>
      {next && (
        <button
          type="button"
          onClick={() =>
            void change('/transitions', 'POST', { state: next }, (n) => t('operation.moved', { state: code('operationState', n.state) }))
          }
        >
          {t(`operation.to.${next}`)}
        </button>
      )}
      <p role="status">{said}</p>
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}

      <section aria-labelledby="participants-title">
        <h2 id="participants-title">{t('operations.col.participants')}</h2>
        <ul data-testid="participants">
          {o.participants.map((m) => (
            <li key={m}>
              <code>{m}</code>{' '}
              {!frozen && (
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void change(`/participants/${encodeURIComponent(m)}`, 'DELETE', undefined, () => t('operation.removed', { member: m }))
                  }
                >
                  {t('operation.remove', { member: m })}
                </button>
              )}
            </li>
          ))}
        </ul>
        {!frozen && (
          <form onSubmit={admit} noValidate>
            <Field
              name="member"
              label={t('operation.admitLabel')}
              errors={errors}
              value={member}
              onChange={(e) => setMember(e.target.value)}
            />
            <button type="submit">{t('operation.admit')}</button>
          </form>
        )}
      </section>

      {!frozen && (
        <section aria-labelledby="report-template-title">
          <h2 id="report-template-title">{t('operation.reportTemplate')}</h2>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void change('/report-template', 'PUT', { requiredFields: required }, () => t('operation.reportTemplateSaved'));
            }}
          >
            <CheckboxGroup
              name="requiredFields"
              legend={t('operations.field.requiredFields')}
              hint={t('operation.reportTemplateHint')}
              values={intelExchangeCreateOperationDtoRequiredFieldsValues}
              chosen={required}
              onChange={setRequired}
              errors={errors}
              label={(f) => requiredFieldLabel(i18n, f)}
            />
            <button type="submit">{t('operation.reportTemplateSave')}</button>
          </form>
        </section>
      )}

      <section aria-labelledby="reports-title">
        <h2 id="reports-title">{t('operation.reports')}</h2>
        <LoadStatus result={reports} />
        {reports.state === 'ok' && list.length === 0 && <p>{t('operation.noReports')}</p>}
        {list.length > 0 && (
          <>
            <table data-testid="operation-reports">
              <caption className="visually-hidden">{t('operation.reports')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.col.report')}</th>
                  <th scope="col">{t('operation.member')}</th>
                  <th scope="col">{t('reports.col.detected')}</th>
                  <th scope="col">{t('operation.route')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <code>{r.id.slice(0, 8)}</code> {r.goods[0]?.description ?? ''}
                    </td>
                    <td>{String(r.originatorMember)}</td>
                    <td>{date(r.whenWhere.detectedAt)}</td>
                    <td>{routeOf(r).map(country).join(' → ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('operation.shared')}</h3>
            {shared.length === 0 ? (
              <p>{t('operation.noShared')}</p>
            ) : (
              <ul data-testid="shared-indicators">
                {shared.map((s) => (
                  <li key={s.key}>
                    {t('operation.sharedBy', {
                      kind: code('indicatorKind', s.kind),
                      value: s.value,
                      reports: s.reportIds.map((r) => r.slice(0, 8)).join(', '),
                    })}
                  </li>
                ))}
              </ul>
            )}
            <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
              <OperationGraph reports={list} shared={shared} />
              <RouteMap routes={list.map((r) => ({ id: r.id, countries: routeOf(r) }))} />
            </Suspense>
          </>
        )}
      </section>
      <p>
        <Link href="/operations">{t('operation.back')}</Link>
      </p>
    </>
  );
}
