import type { Schemas } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { useApi } from './use-api';

/** The reports of the officer's own Member (the API lists every report the caller may see; the console keeps its Member's). */
export default function MyReportsPage() {
  const { t, date, money, code, countryLabel } = useI18n();
  const { session } = useSession();
  const result = useApi<Schemas['intel-exchange.ReportPage']>('/api/intel/reports?limit=100');
  const own = result.state === 'ok' ? result.data.items.filter((r) => r.originatorMember === session?.user.member) : [];
  return (
    <>
      <h1 tabIndex={-1}>{t('reports.title')}</h1>
      <LoadStatus result={result} />
      {result.state === 'ok' && own.length === 0 && <p>{t('reports.empty')}</p>}
      {own.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('reports.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.col.report')}</th>
              <th scope="col">{t('reports.col.type')}</th>
              <th scope="col">{t('reports.col.detected')}</th>
              <th scope="col">{t('reports.col.country')}</th>
              <th scope="col">{t('reports.col.value')}</th>
              <th scope="col">{t('reports.col.version')}</th>
            </tr>
          </thead>
          <tbody>
            {own.map((r) => {
              const value = r.goods[0]?.estimatedValue;
              return (
                <tr key={r.id}>
                  <td>
                    <Link href={`/reports/${r.id}`}>{r.goods[0]?.description ?? r.id}</Link>
                  </td>
                  <td>{code('reportType', r.type)}</td>
                  <td>{date(r.whenWhere.detectedAt)}</td>
                  <td>{countryLabel(String(r.whenWhere.country))}</td>
                  <td>{value ? money(value.amount, String(value.currency)) : ''}</td>
                  <td>{r.currentVersion}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
