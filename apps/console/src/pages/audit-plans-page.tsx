import { useState, type FormEvent } from 'react';
import { apiJson, type Schemas } from '../api/client';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { actorsOf } from '../audit/follow-up';
import { useI18n } from '../i18n/i18n';
import { Field, FormOutcome } from './form-field';
import { LoadStatus } from './status';
import { useAction } from './use-action';
import { MoreButton, Table } from './table';
import { usePaged } from './use-paged';

type Plan = Schemas['budget-audit.AuditPlan'];

/** The annual audit plans' versions, newest first; an auditor drafts a new one (a year's next version). */
export default function AuditPlansPage() {
  const { t, code } = useI18n();
  const { session } = useSession();
  const { items, status, more } = usePaged<Plan>('/api/budget/audit-plans');
  const [fiscalYear, setFiscalYear] = useState('');
  const [title, setTitle] = useState('');
  const { errors, failure, run } = useAction();

  async function draft(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      // A number when the field holds one; otherwise what was typed, for the API to say why it is not a year.
      const year = fiscalYear.trim() !== '' && Number.isFinite(Number(fiscalYear)) ? Number(fiscalYear) : fiscalYear;
      const body = { id: crypto.randomUUID(), fiscalYear: year, title } as Schemas['budget-audit.CreateAuditPlanDto'];
      const plan = await apiJson<Plan>('/api/budget/audit-plans', { method: 'POST', body, token: session?.token });
      navigate(`/audit/plans/${plan.id}`);
      return '';
    });
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('auditPlan.title')}</h1>
      <ul className="inline-list">
        <li>
          <Link href="/audit/engagements">{t('auditEng.title')}</Link>
        </li>
        <li>
          <Link href="/audit/recommendations">{t('auditRec.title')}</Link>
        </li>
      </ul>
      {status.state === 'ok' && items.length === 0 && <p>{t('auditPlan.empty')}</p>}
      {items.length > 0 && (
        <div className="scroll">
          <Table
            caption={t('auditPlan.title')}
            columns={[
              t('auditPlan.col.title'),
              t('auditEng.col.year'),
              t('auditPlan.col.version'),
              t('auditEng.col.state'),
              t('auditPlan.col.engagements'),
            ]}
          >
            {items.map((plan) => (
              <tr key={plan.id}>
                <td>
                  <Link href={`/audit/plans/${plan.id}`}>{plan.title}</Link>
                </td>
                <td>{plan.fiscalYear}</td>
                <td>{plan.version}</td>
                <td>{code('planState', plan.status)}</td>
                <td>{plan.engagementCount}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {status.state !== 'ok' && <LoadStatus result={status} />}
      <MoreButton more={more} />
      {actorsOf(session?.user).includes('auditor') && (
        <section aria-labelledby="new-plan">
          <h2 id="new-plan">{t('auditPlan.new')}</h2>
          <form onSubmit={draft} noValidate>
            <Field
              name="fiscalYear"
              label={t('auditEng.col.year')}
              inputMode="numeric"
              errors={errors}
              value={fiscalYear}
              onChange={(e) => setFiscalYear(e.target.value)}
            />
            <Field
              name="title"
              label={t('auditPlan.field.title')}
              errors={errors}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            <button type="submit">{t('auditPlan.draft')}</button>
            <FormOutcome errors={errors} failure={failure} />
          </form>
        </section>
      )}
    </>
  );
}
