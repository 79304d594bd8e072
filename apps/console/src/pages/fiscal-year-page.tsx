import { lazy, Suspense, useState } from 'react';
import { apiJson, downloadFile, type Schemas } from '../api/client';
import { hasRole, useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { useApi } from './use-api';
import { usePaged } from './use-paged';

type Version = Schemas['budget-audit.BudgetVersion'];
type Comparison = Schemas['budget-audit.BudgetVsActual'];
type Commitment = Schemas['budget-audit.Commitment'];

// chart.js is loaded only when a budget-vs-actual comparison is shown, never with the shell.
const BudgetChart = lazy(() => import('./budget-chart'));

const BUDGET = '/api/budget';
/** EUR cents as the API sends them (a string of digits, maybe signed) to euros. */
export const euros = (cents: string | number): number => Number(cents) / 100;

/** One fiscal year: its budget versions side by side (submit, accept), budget vs actual (table, chart, CSV), commitments. */
export default function FiscalYearPage({ year }: { year: string }) {
  const { t, money, code } = useI18n();
  const { session } = useSession();
  const [reload, setReload] = useState(0);
  const [said, setSaid] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const path = `${BUDGET}/fiscal-years/${encodeURIComponent(year)}`;
  const fiscalYear = useApi<Schemas['budget-audit.FiscalYear']>(path, undefined, reload);
  const versions = useApi<Version[]>(`${path}/budget-versions`, undefined, reload);
  // Only the Secretariat's finance officers write the budget; only the Finance Committee accepts a version (the API
  // refuses anyone else with 403 whatever the console shows).
  const mayWrite = hasRole(session, 'finance-officer') && session?.user.member === 'WCO';
  const mayAccept = hasRole(session, 'finance-committee');

  async function act(version: Version, action: 'submit' | 'accept') {
    setSaid(null);
    setFailure(null);
    try {
      const next = await apiJson<Version>(`${BUDGET}/budget-versions/${encodeURIComponent(version.id)}/${action}`, {
        method: 'POST',
        token: session?.token,
      });
      setSaid(t('finance.moved', { number: next.number, status: code('versionStatus', next.status) }));
      setReload((n) => n + 1);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  if (fiscalYear.state !== 'ok') return <LoadStatus result={fiscalYear} />;
  const list = versions.state === 'ok' ? [...versions.data].sort((a, b) => a.number - b.number) : [];
  const codes = [...new Map(list.flatMap((v) => v.lines.map((l) => [l.code, l] as const))).values()].sort((a, b) =>
    a.code.localeCompare(b.code, undefined, { numeric: true }),
  );
  return (
    <>
      <h1 tabIndex={-1}>{t('finance.year', { year })}</h1>
      <p>
        {t('finance.status')}: <strong data-testid="year-status">{code('yearStatus', fiscalYear.data.status)}</strong>
      </p>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('finance.versions')}</h2>
        <LoadStatus result={versions} />
        {versions.state === 'ok' && list.length === 0 && <p>{t('finance.noVersions')}</p>}
        {list.length > 0 && (
          <div className="scroll">
            <table data-testid="versions">
              <caption className="visually-hidden">{t('finance.versions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('finance.col.line')}</th>
                  {list.map((v) => (
                    <th scope="col" key={v.id} data-version={v.number}>
                      {t('finance.versionHead', { number: v.number, title: v.title })}
                      <br />
                      <span className="meta" data-testid={`version-status-${v.number}`}>
                        {code('versionStatus', v.status)}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {codes.map((line) => (
                  <tr key={line.code}>
                    <th scope="row">
                      <code>{line.code}</code> {line.title} <span className="meta">({line.programme})</span>
                    </th>
                    {list.map((v) => {
                      const cents = v.lines.find((l) => l.code === line.code)?.appropriationCents;
                      return (
                        <td key={v.id} className="num">
                          {cents === undefined ? '—' : money(euros(cents), 'EUR')}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('finance.total')}</th>
                  {list.map((v) => (
                    <td key={v.id} className="num">
                      {money(euros(v.totalCents), 'EUR')}
                    </td>
                  ))}
                </tr>
                {list.some((v) => (mayWrite && v.status === 'draft') || (mayAccept && v.status === 'submitted')) && (
                  <tr>
                    <th scope="row">{t('finance.actions')}</th>
                    {list.map((v) => (
                      <td key={v.id}>
                        {mayWrite && v.status === 'draft' && (
                          <button type="button" onClick={() => void act(v, 'submit')}>
                            {t('finance.submit', { number: v.number })}
                          </button>
                        )}
                        {mayAccept && v.status === 'submitted' && (
                          <button type="button" onClick={() => void act(v, 'accept')}>
                            {t('finance.accept', { number: v.number })}
                          </button>
                        )}
                      </td>
                    ))}
                  </tr>
                )}
              </tfoot>
            </table>
          </div>
        )}
        <p role="status">{said}</p>
        {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
      </section>
      {fiscalYear.data.acceptedVersionId ? <BudgetVsActual year={year} reload={reload} /> : <p>{t('finance.noAccepted')}</p>}
      <Commitments year={year} />
    </>
  );
}

function BudgetVsActual({ year, reload }: { year: string; reload: number }) {
  const { t, money } = useI18n();
  const { session } = useSession();
  const [failure, setFailure] = useState<string | null>(null);
  const path = `${BUDGET}/fiscal-years/${encodeURIComponent(year)}/budget-vs-actual`;
  const comparison = useApi<Comparison>(path, undefined, reload);
  const csv = () =>
    downloadFile(path, `budget-vs-actual-${year}.csv`, { token: session?.token, accept: 'text/csv' }).catch((e: Error) =>
      setFailure(e.message),
    );
  const columns = ['originalCents', 'finalCents', 'committedCents', 'spentCents', 'availableCents', 'differenceCents'] as const;
  return (
    <section aria-labelledby="bva-title">
      <h2 id="bva-title">{t('finance.bva')}</h2>
      <LoadStatus result={comparison} />
      {comparison.state === 'ok' && (
        <>
          <div className="scroll">
            <table data-testid="budget-vs-actual">
              <caption className="visually-hidden">{t('finance.bva')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('finance.col.line')}</th>
                  {columns.map((c) => (
                    <th scope="col" key={c}>
                      {t(`finance.col.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {comparison.data.lines.map((l) => (
                  <tr key={l.code}>
                    <th scope="row">
                      <code>{l.code}</code> {l.title}
                    </th>
                    {columns.map((c) => (
                      <td key={c} className="num">
                        {money(euros(l[c]), 'EUR')}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('finance.total')}</th>
                  {columns.map((c) => (
                    <td key={c} className="num">
                      {money(euros(comparison.data.total[c]), 'EUR')}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <button type="button" onClick={csv}>
            {t('finance.csv')}
          </button>
          {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <BudgetChart comparison={comparison.data} />
          </Suspense>
        </>
      )}
    </section>
  );
}

function Commitments({ year }: { year: string }) {
  const { t, money, date, code } = useI18n();
  const { items, status, more } = usePaged<Commitment>(`${BUDGET}/commitments?fiscalYear=${encodeURIComponent(year)}&limit=50`);
  return (
    <section aria-labelledby="commitments-title">
      <h2 id="commitments-title">{t('finance.commitments')}</h2>
      {items.length > 0 ? (
        <div className="scroll">
          <table data-testid="commitments">
            <caption className="visually-hidden">{t('finance.commitments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('finance.col.description')}</th>
                <th scope="col">{t('finance.col.line')}</th>
                <th scope="col">{t('finance.col.amount')}</th>
                <th scope="col">{t('finance.col.posted')}</th>
                <th scope="col">{t('finance.col.status')}</th>
                <th scope="col">{t('finance.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>{c.description}</td>
                  <td>
                    <code>{c.lineCode}</code>
                  </td>
                  <td className="num">{money(euros(c.amountCents), 'EUR')}</td>
                  <td className="num">{money(euros(c.postedCents), 'EUR')}</td>
                  <td>{code('commitmentStatus', c.status)}</td>
                  <td>{date(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        status.state === 'ok' && <p>{t('finance.noCommitments')}</p>
      )}
      <LoadStatus result={status} />
      {more && (
        <button type="button" onClick={more}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
