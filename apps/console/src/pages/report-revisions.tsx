import { useState, type FormEvent } from 'react';
import { apiJson, type FieldError, type Schemas } from '../api/client';
import { useSession } from '../app/session';
import type { Option } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import { CORRECTABLE_SECTIONS, sectionLeaves, sectionValue, specPath, type Leaf, type Section } from '../reports/correction';
import { errorsFor, Field, FieldErrorText, FormOutcome } from './form-field';
import { REPORT_FIELDS, type FieldSpec } from './report-fields';
import { useAction } from './use-action';

type Report = Schemas['intel-exchange.ReportView'];
type Submission = Schemas['intel-exchange.ReportSubmissionDto'];
type Correction = Schemas['intel-exchange.CorrectionView'];
type Goods = Schemas['intel-exchange.GoodsItemDto'];

/** What the API answers about a report that is not part of a submission (ids, versions, who submitted). */
const VIEW_ONLY = ['id', 'originatorMember', 'createdAt', 'currentVersion', 'version', 'versionCreatedAt', 'submittedBy'] as const;

/** The report as the originator sees it, as a submission again: the whole report is what a new version carries. */
export function asSubmission(report: Report): Submission {
  const copy: Record<string, unknown> = { ...report };
  for (const key of VIEW_ONLY) delete copy[key];
  return copy as unknown as Submission;
}

/** The goods with the first item's description and quantity replaced (the values the officer typed). */
function editedGoods(goods: Goods[], description: string, quantity: string): Goods[] {
  const [first, ...rest] = goods;
  const value = Number(quantity);
  const changed: Goods = {
    ...first,
    description,
    ...(first.quantity ? { quantity: { ...first.quantity, value: quantity.trim() === '' ? Number.NaN : value } } : {}),
  };
  return [changed, ...rest];
}

function useSubmit(onDone: (said: string) => void) {
  const action = useAction();
  const submit = (run: () => Promise<string>) =>
    action.run(async () => {
      const text = await run();
      onDone(text);
      return text;
    });
  return { ...action, submit };
}

/**
 * The goods' first item edited, for a new version of the originator's report (`POST /versions`, the whole report).
 * The API checks the result as a submission; its field errors come back under `goods.0...`, shown beside the field.
 * Other Members request a correction of any section instead (SectionCorrectionForm).
 */
export function GoodsRevisionForm({ report, onDone }: { report: Report; onDone: () => void }) {
  const { t, code } = useI18n();
  const { session } = useSession();
  const first = report.goods[0];
  const [description, setDescription] = useState(first?.description ?? '');
  const [quantity, setQuantity] = useState(first?.quantity ? String(first.quantity.value) : '');
  const { errors, failure, said, submit } = useSubmit(onDone);
  if (!first) return null;
  const prefix = 'goods.0';
  const path = `/api/intel/reports/${encodeURIComponent(report.id)}`;
  const heading = 'version-heading';

  function send(event: FormEvent) {
    event.preventDefault();
    const goods = editedGoods(report.goods, description, quantity);
    void submit(async () => {
      const body: Submission = { ...asSubmission(report), goods };
      const stored = await apiJson<Report>(`${path}/versions`, { method: 'POST', body, token: session?.token });
      return t('revision.versionStored', { version: stored.version });
    });
  }

  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{t('revision.newVersion')}</h2>
      <p>{t('revision.versionIntro')}</p>
      <form onSubmit={send} noValidate>
        <Field
          name={`${prefix}.description`}
          label={t('report.field.description')}
          errors={errors}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {first.quantity && (
          <Field
            name={`${prefix}.quantity`}
            label={t('revision.quantity', { unit: code('quantityUnit', first.quantity.unit) })}
            inputMode="decimal"
            errors={errors}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        )}
        <button type="submit">{t('revision.storeVersion')}</button>
        <FormOutcome errors={errors} failure={failure} />
        {said && <p role="status">{said}</p>}
      </form>
    </section>
  );
}

/** The corrections proposed on a report; the originating Member accepts (a new version) or rejects each open one. */
export function CorrectionList({ report, corrections, onDone }: { report: Report; corrections: Correction[]; onDone: () => void }) {
  const { t, date, code } = useI18n();
  const { session } = useSession();
  const [said, setSaid] = useState<string | null>(null);
  const originator = session?.user.member === report.originatorMember;
  const decided = (text: string) => {
    setSaid(text);
    onDone();
  };
  return (
    <section aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">{t('revision.corrections')}</h2>
      {corrections.length === 0 ? (
        <p>{t('revision.noCorrections')}</p>
      ) : (
        <ul className="corrections">
          {corrections.map((c) => (
            <li key={c.id} data-correction={c.id} data-status={c.status}>
              <p>
                {t('revision.correctionLine', {
                  member: c.proposedByMember,
                  date: date(c.createdAt, true),
                  version: c.baseVersion,
                  sections: Object.keys(c.changes)
                    .map((k) => ((CORRECTABLE_SECTIONS as readonly string[]).includes(k) ? t(`revision.section.${k as Section}`) : k))
                    .join(', '),
                  status: code('correctionStatus', c.status),
                })}
                {c.resultingVersion !== null && ` ${t('revision.resulting', { version: c.resultingVersion })}`}
              </p>
              {c.comment && <blockquote>{c.comment}</blockquote>}
              {c.decisionReason && <p>{t('revision.reason', { reason: c.decisionReason })}</p>}
              {originator && c.status === 'proposed' && <Decision report={report} correction={c} onDone={decided} token={session?.token} />}
            </li>
          ))}
        </ul>
      )}
      {said && <p role="status">{said}</p>}
    </section>
  );
}

function Decision({
  report,
  correction,
  onDone,
  token,
}: {
  report: Report;
  correction: Correction;
  onDone: (said: string) => void;
  token?: string;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const { errors, failure, submit } = useSubmit(onDone);
  const decide = (decision: 'accept' | 'reject') =>
    submit(async () => {
      const body: Schemas['intel-exchange.DecideCorrectionDto'] = { decision, ...(reason.trim() ? { reason } : {}) };
      const decided = await apiJson<Correction>(
        `/api/intel/reports/${encodeURIComponent(report.id)}/corrections/${encodeURIComponent(correction.id)}/decision`,
        { method: 'POST', body, token },
      );
      return decided.status === 'accepted' ? t('revision.accepted', { version: decided.resultingVersion ?? '' }) : t('revision.rejected');
    });
  return (
    <div className="decision">
      <Field
        name={`reason-${correction.id}`}
        label={t('revision.decisionReason')}
        errors={errors.map((e) => (e.field === 'reason' ? { ...e, field: `reason-${correction.id}` } : e))}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="button" onClick={() => decide('accept')}>
        {t('revision.accept')}
      </button>{' '}
      <button type="button" onClick={() => decide('reject')}>
        {t('revision.reject')}
      </button>
      {errors.length > 0 && <p role="alert">{errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}</p>}
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
    </div>
  );
}

/** The API's errors for a correction, each on the value it names (or the closest one under or above it). */
function errorsOnLeaves(errors: FieldError[], leaves: Leaf[]): { placed: FieldError[]; unplaced: FieldError[] } {
  const names = leaves.map((l) => `changes.${l.path}`);
  const placed: FieldError[] = [];
  const unplaced: FieldError[] = [];
  for (const e of errors) {
    const name =
      names.find((n) => n === e.field) ?? names.find((n) => n.startsWith(`${e.field}.`)) ?? names.find((n) => e.field.startsWith(`${n}.`));
    if (name) placed.push({ ...e, field: name });
    else if (e.field === 'comment') placed.push(e);
    else unplaced.push(e);
  }
  return { placed, unplaced };
}

/**
 * Another Member's correction request for any correctable section: the section chosen, its current values shown
 * prefilled (each named by its path in the report, labelled as in the report form where the form has that field),
 * the whole section sent as `changes.<section>`; the API's errors (`changes.goods.0.quantity.value`) beside the values.
 */
export function SectionCorrectionForm({ report, onDone }: { report: Report; onDone: () => void }) {
  const { t, code, named } = useI18n();
  const { session } = useSession();
  const [section, setSection] = useState<Section>('goods');
  const fresh = (s: Section) => sectionLeaves(report as unknown as Record<string, unknown>, s, REPORT_FIELDS);
  const [leaves, setLeaves] = useState<Leaf[]>(() => fresh('goods'));
  const [comment, setComment] = useState('');
  const { errors, failure, said, submit } = useSubmit(onDone);
  const { placed, unplaced } = errorsOnLeaves(errors, leaves);

  const choose = (next: Section) => {
    setSection(next);
    setLeaves(fresh(next));
  };
  const optionsOf = (field: FieldSpec): Option[] => {
    const values = field.options ?? [];
    if (field.labels === 'country' || field.labels === 'currency' || field.labels === 'language') return named(field.labels, values);
    const list = field.labels;
    return values.map((v) => ({ value: String(v), label: list ? code(list, v) : String(v) }));
  };

  function send(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const body: Schemas['intel-exchange.ProposeCorrectionDto'] = {
        changes: { [section]: sectionValue(section, leaves) },
        ...(comment.trim() ? { comment } : {}),
      };
      await apiJson<Correction>(`/api/intel/reports/${encodeURIComponent(report.id)}/corrections`, {
        method: 'POST',
        body,
        token: session?.token,
      });
      return t('revision.correctionFiled');
    });
  }

  return (
    <section aria-labelledby="correction-heading">
      <h2 id="correction-heading">{t('revision.proposeCorrection')}</h2>
      <p>{t('revision.correctionIntro')}</p>
      <form onSubmit={send} noValidate>
        <div className="field">
          <label htmlFor="correction-section">{t('revision.section')}</label>
          <select id="correction-section" value={section} onChange={(e) => choose(e.target.value as Section)}>
            {CORRECTABLE_SECTIONS.map((s) => (
              <option key={s} value={s}>
                {t(`revision.section.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset data-section={section}>
          <legend>{t('revision.sectionValues', { section: t(`revision.section.${section}`) })}</legend>
          {leaves.length === 0 && <p>{t('revision.sectionEmpty')}</p>}
          {leaves.map((leaf, i) => {
            const spec = REPORT_FIELDS.find((f) => f.path === specPath(leaf.path));
            const name = `changes.${leaf.path}`;
            const label = spec ? `${t(spec.label)} (${leaf.path})` : leaf.path;
            const change = (text: string) => setLeaves((all) => all.map((l, j) => (j === i ? { ...l, text } : l)));
            if (spec?.kind === 'select') {
              const mine = errorsFor(placed, name);
              const options = optionsOf(spec);
              return (
                <div key={leaf.path} className={mine.length ? 'field invalid' : 'field'}>
                  <label htmlFor={`f-${name}`}>{label}</label>
                  <select
                    id={`f-${name}`}
                    name={name}
                    value={leaf.text}
                    aria-invalid={mine.length ? true : undefined}
                    aria-describedby={mine.length ? `f-${name}-error` : undefined}
                    onChange={(e) => change(e.target.value)}
                  >
                    <option value="">{t('report.choose')}</option>
                    {/* A value the list does not offer (the API added it since) stays as it is. */}
                    {leaf.text && !options.some((o) => o.value === leaf.text) && <option value={leaf.text}>{leaf.text}</option>}
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <FieldErrorText name={name} errors={mine} />
                </div>
              );
            }
            return (
              <Field
                key={leaf.path}
                name={name}
                label={label}
                inputMode={leaf.type === 'number' ? 'decimal' : undefined}
                errors={placed}
                value={leaf.text}
                onChange={(e) => change(e.target.value)}
              />
            );
          })}
        </fieldset>
        <Field name="comment" label={t('revision.comment')} errors={placed} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button type="submit">{t('revision.fileCorrection')}</button>
        {unplaced.length > 0 && (
          <ul className="error" data-testid="section-errors">
            {unplaced.map((e, i) => (
              <li key={i}>
                <code>{e.field.replace(/^changes\./, '')}</code>: {e.reason}
              </li>
            ))}
          </ul>
        )}
        <FormOutcome errors={errors} failure={failure} />
        {said && <p role="status">{said}</p>}
      </form>
    </section>
  );
}
