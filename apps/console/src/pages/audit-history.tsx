import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { daysPastDue } from '../audit/follow-up';
import { useI18n } from '../i18n/i18n';
import { Table } from './table';

type Entry = Schemas['budget-audit.AuditHistoryEntry'];

/** The history of an audit plan or recommendation: when, what changed, from → to (as `values` says it), who, why. */
export function AuditHistory({ id, entries, values }: { id: string; entries: Entry[]; values: (entry: Entry) => ReactNode }) {
  const { t, date, code } = useI18n();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('auditRec.history')}</h2>
      <div className="scroll">
        <Table
          caption={t('auditRec.history')}
          data-testid="history"
          columns={[
            t('auditRec.hist.at'),
            t('auditRec.hist.change'),
            t('auditRec.hist.fromTo'),
            t('auditRec.hist.by'),
            t('auditRec.hist.reason'),
          ]}
        >
          {entries.map((h, i) => (
            <tr key={i}>
              <td>{date(h.at, true)}</td>
              <td>{code('auditChange', h.change)}</td>
              <td>{values(h)}</td>
              <td>
                <code>{h.by}</code>
              </td>
              <td>{h.reason ?? ''}</td>
            </tr>
          ))}
        </Table>
      </div>
    </section>
  );
}

/** A recommendation's due date, and by how many days it is past when the API says it is overdue. */
export function DueDate({ dueDate, overdue }: { dueDate: string; overdue?: boolean }) {
  const { t, date, number } = useI18n();
  return (
    <>
      {date(dueDate)}
      {overdue && (
        <>
          {' '}
          <span className="overdue" data-testid="overdue">
            {t('auditRec.overdueBy', { days: number(daysPastDue(dueDate)) })}
          </span>
        </>
      )}
    </>
  );
}
