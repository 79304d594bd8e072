import type { MessageKey } from '../i18n/en';
import { intelExchangeCountryCodeValues, intelExchangeCurrencyCodeValues } from '../api/schema';
import { CODE_LISTS } from '../i18n/code-lists';
import type { CodeList, NamedCodes } from '../i18n/codes';

/**
 * The seizure-report form: each field is named by its dotted path in the API's body (`goods.0.description`), the
 * same path the API's problem+json `errors[].field` names, so an error lands beside its field. Code lists come from
 * the generated OpenAPI types (the API's enums), never a copy; each option is labelled in the person's language
 * (`labels`: a code list of `i18n/codes.ts`, or countries and currencies named by `Intl.DisplayNames`), its value
 * stays the API's code.
 */
export type FieldKind = 'text' | 'select' | 'date' | 'datetime' | 'number' | 'list';
export interface FieldSpec {
  path: string;
  label: MessageKey;
  kind: FieldKind;
  options?: readonly (string | number)[];
  /** How the options are labelled: a code list's messages, or the names of countries or currencies. */
  labels?: CodeList | NamedCodes;
  required?: boolean;
  /** Typed as a number in the body (Admiralty information credibility, amounts). */
  numeric?: boolean;
  hint?: MessageKey;
}
export interface SectionSpec {
  legend: MessageKey;
  note?: MessageKey;
  fields: FieldSpec[];
}

/** A select of one of the platform's code lists, labelled by its messages. */
const codes = (list: CodeList) => ({ kind: 'select' as const, options: CODE_LISTS[list], labels: list });
/** A select of countries or currencies (the API's ISO code lists), labelled by their names in the person's language. */
const named = (labels: NamedCodes, options: readonly string[]) => ({ kind: 'select' as const, options, labels });

export const REPORT_SECTIONS: SectionSpec[] = [
  {
    legend: 'report.section.what',
    fields: [
      { path: 'type', label: 'report.field.type', ...codes('reportType'), required: true },
      { path: 'whenWhere.detectedAt', label: 'report.field.detectedAt', kind: 'datetime', required: true },
      { path: 'whenWhere.country', label: 'report.field.country', ...named('country', intelExchangeCountryCodeValues), required: true },
      { path: 'whenWhere.place', label: 'report.field.place', kind: 'text' },
      {
        path: 'whenWhere.locationType',
        label: 'report.field.locationType',
        ...codes('locationType'),
        required: true,
      },
      {
        path: 'whenWhere.direction',
        label: 'report.field.direction',
        ...codes('direction'),
        required: true,
      },
    ],
  },
  {
    legend: 'report.section.goods',
    fields: [
      {
        path: 'goods.0.commodityCategory',
        label: 'report.field.commodity',
        ...codes('commodityCategory'),
        required: true,
      },
      { path: 'goods.0.description', label: 'report.field.description', kind: 'text', required: true },
      { path: 'goods.0.hsCode', label: 'report.field.hsCode', kind: 'text' },
      { path: 'goods.0.quantity.value', label: 'report.field.quantity', kind: 'number', numeric: true },
      { path: 'goods.0.quantity.unit', label: 'report.field.quantityUnit', ...codes('quantityUnit') },
      { path: 'goods.0.estimatedValue.amount', label: 'report.field.value', kind: 'number', numeric: true },
      { path: 'goods.0.estimatedValue.currency', label: 'report.field.currency', ...named('currency', intelExchangeCurrencyCodeValues) },
    ],
  },
  {
    legend: 'report.section.conveyance',
    fields: [
      { path: 'conveyance.transportMode', label: 'report.field.transportMode', ...codes('transportMode') },
      { path: 'conveyance.containers.0.number', label: 'report.field.container', kind: 'text' },
      { path: 'route.origin.country', label: 'report.field.origin', ...named('country', intelExchangeCountryCodeValues) },
      { path: 'route.destination.country', label: 'report.field.destination', ...named('country', intelExchangeCountryCodeValues) },
    ],
  },
  {
    legend: 'report.section.handling',
    fields: [
      {
        path: 'grading.sourceReliability',
        label: 'report.field.sourceReliability',
        ...codes('sourceReliability'),
        required: true,
      },
      {
        path: 'grading.informationCredibility',
        label: 'report.field.informationCredibility',
        ...codes('informationCredibility'),
        required: true,
        numeric: true,
      },
      { path: 'tlp', label: 'report.field.tlp', ...codes('tlp'), required: true, hint: 'report.tlpHint' },
      {
        path: 'distribution.level',
        label: 'report.field.distribution',
        ...codes('distributionLevel'),
        required: true,
      },
      { path: 'distribution.members', label: 'report.field.members', kind: 'list' },
      { path: 'retentionUntil', label: 'report.field.retentionUntil', kind: 'date', required: true },
    ],
  },
  {
    legend: 'report.section.personal',
    note: 'report.personalNote',
    fields: [
      { path: 'persons.0.role', label: 'report.field.personRole', ...codes('personRole') },
      { path: 'personalData.persons.0.familyName', label: 'report.field.familyName', kind: 'text' },
      { path: 'personalData.persons.0.givenNames', label: 'report.field.givenNames', kind: 'text' },
      { path: 'personalData.persons.0.dateOfBirth', label: 'report.field.dateOfBirth', kind: 'date' },
      { path: 'personalDataReleasedTo', label: 'report.field.releasedTo', kind: 'list' },
    ],
  },
];

export const REPORT_FIELDS: FieldSpec[] = REPORT_SECTIONS.flatMap((s) => s.fields);

export type FormValues = Record<string, string>;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const slot = (node as Record<string, unknown>)[key];
    if (last) (node as Record<string, unknown>)[key] = value;
    else {
      if (slot === undefined) (node as Record<string, unknown>)[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
      node = (node as Record<string, unknown>)[key] as Record<string, unknown>;
    }
  });
}

/**
 * The request body of what the officer typed: empty fields left out (the API decides what is missing), numbers as
 * numbers, comma lists as arrays, the local detection time as an instant, and the personal-data section linked to
 * person 0 when it has anything in it.
 */
export function reportBody(values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of REPORT_FIELDS) {
    const raw = (values[field.path] ?? '').trim();
    if (raw === '') continue;
    let value: unknown = raw;
    if (field.numeric) value = Number(raw);
    else if (field.kind === 'list')
      value = raw
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
    else if (field.kind === 'datetime') value = Number.isNaN(Date.parse(raw)) ? raw : new Date(raw).toISOString();
    setPath(body, field.path, value);
  }
  const personal = body['personalData'] as { persons?: Record<string, unknown>[] } | undefined;
  if (personal?.persons?.[0]) personal.persons[0]['personIndex'] = 0;
  return body;
}

/** The field an API error belongs to: its own, or the closest field under or above the path it names. */
export function fieldOfError(errorPath: string): string | undefined {
  const exact = REPORT_FIELDS.find((f) => f.path === errorPath);
  if (exact) return exact.path;
  const under = REPORT_FIELDS.find((f) => errorPath !== '' && f.path.startsWith(`${errorPath}.`));
  if (under) return under.path;
  return REPORT_FIELDS.find((f) => errorPath.startsWith(`${f.path}.`))?.path;
}
