import { useState } from 'react';
import type { Schemas } from '../api/client';
import { pathsApiBudgetAuditRecommendationsGetParametersQueryStatusValues as STATES } from '../api/schema';
import { Link } from '../app/router';
import { recommendationQuery } from '../audit/follow-up';
import { useI18n } from '../i18n/i18n';
import { DueDate } from './audit-history';
import { LoadStatus } from './status';
import { MoreButton, Table } from './table';
import { usePaged } from './use-paged';

type Recommendation = Schemas['budget-audit.AuditRecommendation'];

/** The audit's recommendations with their follow-up state, filtered by state and overdue; each opens its page. */
export default function AuditRecommendationsPage() {
  const { t, code } = useI18n();
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const {
    items,
    status: loaded,
    more,
  } = usePaged<Recommendation>(`/api/budget/audit-recommendations${recommendationQuery({ status, overdue })}`);
  return (
    <>
      <h1 tabIndex={-1}>{t('auditRec.title')}</h1>
      <p>
        <Link href="/audit/engagements">{t('auditEng.title')}</Link>
      </p>
      <form className="inline" onSubmit={(e) => e.preventDefault()} aria-label={t('auditRec.filters')}>
        <div className="field">
          <label htmlFor="rec-status">{t('auditRec.filterState')}</label>
          <select id="rec-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('auditRec.anyState')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {code('recommendationState', s)}
              </option>
            ))}
          </select>
        </div>
        <span className="choice">
          <input id="rec-overdue" type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />
          <label htmlFor="rec-overdue">{t('auditRec.overdueOnly')}</label>
        </span>
      </form>
      {loaded.state === 'ok' && items.length === 0 && <p>{t('auditRec.empty')}</p>}
      {items.length > 0 && (
        <div className="scroll">
          <Table
            caption={t('auditRec.title')}
            data-testid="recommendations"
            columns={[
              t('auditRec.col.text'),
              t('auditRec.col.state'),
              t('auditRec.col.due'),
              t('auditRec.col.priority'),
              t('auditRec.col.severity'),
              t('auditRec.col.owner'),
            ]}
          >
            {items.map((r) => (
              <tr key={r.id} data-recommendation={r.id}>
                <td>
                  <Link href={`/audit/recommendations/${r.id}`}>{r.text}</Link>
                </td>
                <td data-testid="state">{code('recommendationState', r.status)}</td>
                <td>
                  <DueDate dueDate={r.dueDate} overdue={r.overdue} />
                </td>
                <td>{code('auditRating', r.priority)}</td>
                <td>{code('auditRating', r.severity)}</td>
                <td>
                  <code>{r.owner}</code>
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {loaded.state !== 'ok' && <LoadStatus result={loaded} />}
      <MoreButton more={more} />
    </>
  );
}
