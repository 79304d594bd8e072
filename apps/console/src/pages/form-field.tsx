import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import type { FieldError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** The API's field errors for `field` and the fields under it (`participants` also takes `participants.0`). */
export const errorsFor = (errors: FieldError[], field: string): FieldError[] =>
  errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`));

/**
 * A labelled input named by its field in the API's body, with the API's errors for that field beside it
 * (`aria-invalid`, `aria-describedby`), as the problem+json `errors[].field` names it.
 */
export function Field({
  name,
  label,
  errors,
  hint,
  prefix = 'f',
  ...input
}: { name: string; label: string; errors: FieldError[]; hint?: string; prefix?: string } & InputHTMLAttributes<HTMLInputElement>) {
  // `prefix` tells two forms of one page apart when both have a field of the same name (ids stay unique).
  const id = `${prefix}-${name}`;
  const mine = errorsFor(errors, name);
  const described = [hint ? `${id}-hint` : '', mine.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={mine.length ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="meta">
          {hint}
        </span>
      )}
      <input id={id} name={name} aria-invalid={mine.length ? true : undefined} aria-describedby={described} {...input} />
      <FieldErrorText name={name} errors={mine} prefix={prefix} />
    </div>
  );
}

/** A labelled select named by its field in the API's body (values are the API's codes), its errors beside it. */
export function SelectField({
  name,
  label,
  errors,
  options,
  placeholder,
  prefix = 'f',
  ...select
}: {
  name: string;
  label: string;
  errors: FieldError[];
  options: { value: string; label: string }[];
  /** A first, empty choice ("Choose…"). */
  placeholder?: string;
  prefix?: string;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = `${prefix}-${name}`;
  const mine = errorsFor(errors, name);
  return (
    <div className={mine.length ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={mine.length ? true : undefined}
        aria-describedby={mine.length ? `${id}-error` : undefined}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrorText name={name} errors={mine} prefix={prefix} />
    </div>
  );
}

/** A labelled text area named by its field in the API's body, its errors beside it. */
export function TextAreaField({
  name,
  label,
  errors,
  prefix = 'f',
  ...area
}: { name: string; label: string; errors: FieldError[]; prefix?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `${prefix}-${name}`;
  const mine = errorsFor(errors, name);
  return (
    <div className={mine.length ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={mine.length ? true : undefined}
        aria-describedby={mine.length ? `${id}-error` : undefined}
        {...area}
      />
      <FieldErrorText name={name} errors={mine} prefix={prefix} />
    </div>
  );
}

/** The API's reasons for a field, beside it: the element its control's `aria-describedby` names (`f-<name>-error`). */
export function FieldErrorText({ name, errors, prefix = 'f' }: { name: string; errors: FieldError[]; prefix?: string }) {
  if (errors.length === 0) return null;
  return (
    <span id={`${prefix}-${name}-error`} className="error">
      {errors.map((e) => e.reason).join('; ')}
    </span>
  );
}

/** Under a form: how many of the API's field errors there are (each beside its field), or why the action failed. */
export function FormOutcome({ errors, failure }: { errors: FieldError[]; failure: string | null }) {
  const { t } = useI18n();
  return (
    <>
      {errors.length > 0 && <p role="alert">{t('common.invalid', { count: errors.length })}</p>}
      {failure && <p role="alert">{t('common.error', { detail: failure })}</p>}
    </>
  );
}

/** Member codes typed as "FR, de ke": upper-cased, split on commas and spaces. */
export const memberCodes = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

/**
 * Checkboxes for a list field of the API's body (one per allowed value), with the API's errors for the list beside
 * them. `label` names a value (a code list's label, or the code itself).
 */
export function CheckboxGroup<T extends string>({
  name,
  legend,
  hint,
  values,
  chosen,
  onChange,
  errors,
  label = (v) => v,
}: {
  name: string;
  legend: string;
  hint?: string;
  values: readonly T[];
  chosen: T[];
  onChange(next: T[]): void;
  errors: FieldError[];
  label?: (value: T) => string;
}) {
  const mine = errorsFor(errors, name);
  const described = [hint ? `f-${name}-hint` : '', mine.length ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset aria-describedby={described}>
      <legend>{legend}</legend>
      {hint && (
        <span id={`f-${name}-hint`} className="meta">
          {hint}
        </span>
      )}
      <div className="inline-list">
        {values.map((c) => (
          <span className="choice" key={c}>
            <input
              type="checkbox"
              id={`${name}-${c}`}
              checked={chosen.includes(c)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))}
            />
            <label htmlFor={`${name}-${c}`}>{label(c)}</label>
          </span>
        ))}
      </div>
      <FieldErrorText name={name} errors={mine} />
    </fieldset>
  );
}
