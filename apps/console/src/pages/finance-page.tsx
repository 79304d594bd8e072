import type { Schemas } from '../api/client';
import { Link } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { useApi } from './use-api';

/** The fiscal years of the Secretariat's budget, each opening its versions, commitments and budget vs actual. */
export default function FinancePage() {
  const { t, code } = useI18n();
  const years = useApi<Schemas['budget-audit.FiscalYear'][]>('/api/budget/fiscal-years');
  return (
    <>
      <h1 tabIndex={-1}>{t('finance.title')}</h1>
      <LoadStatus result={years} />
      {years.state === 'ok' && years.data.length === 0 && <p>{t('finance.noYears')}</p>}
      {years.state === 'ok' && years.data.length > 0 && (
        <ul className="inline-list">
          {[...years.data]
            .sort((a, b) => b.year - a.year)
            .map((y) => (
              <li key={y.year}>
                <Link href={`/finance/${y.year}`}>{t('finance.year', { year: y.year })}</Link>{' '}
                <span className="meta">({code('yearStatus', y.status)})</span>
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
