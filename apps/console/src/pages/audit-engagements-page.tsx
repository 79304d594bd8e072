import type { Schemas } from '../api/client';
import { Link } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { LoadStatus } from './status';
import { MoreButton, Table } from './table';
import { usePaged } from './use-paged';

type Engagement = Schemas['budget-audit.AuditEngagement'];

/** The audit plans' engagements, newest first; each opens its findings and recommendations. */
export default function AuditEngagementsPage() {
  const { t, date, code } = useI18n();
  const { items, status, more } = usePaged<Engagement>('/api/budget/audit-engagements');
  return (
    <>
      <h1 tabIndex={-1}>{t('auditEng.title')}</h1>
      <ul className="inline-list">
        <li>
          <Link href="/audit/recommendations">{t('auditRec.title')}</Link>
        </li>
        <li>
          <Link href="/audit/plans">{t('auditPlan.title')}</Link>
        </li>
      </ul>
      {status.state === 'ok' && items.length === 0 && <p>{t('auditEng.empty')}</p>}
      {items.length > 0 && (
        <div className="scroll">
          <Table
            caption={t('auditEng.title')}
            columns={[
              t('auditEng.col.title'),
              t('auditEng.col.year'),
              t('auditEng.col.state'),
              t('auditEng.col.period'),
              t('auditEng.col.lead'),
            ]}
          >
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link href={`/audit/engagements/${e.id}`}>{e.title}</Link>
                </td>
                <td>{e.fiscalYear}</td>
                <td>{code('engagementState', e.status)}</td>
                <td>{t('auditEng.period', { from: date(e.plannedStart), to: date(e.plannedEnd) })}</td>
                <td>
                  <code>{e.leadAuditor}</code>
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {status.state !== 'ok' && <LoadStatus result={status} />}
      <MoreButton more={more} />
    </>
  );
}
