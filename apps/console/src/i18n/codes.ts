import type { Messages } from './en';

type Code = string | number;

/**
 * Every code list of the platform's own the console shows, in a select or as a value, and where its labels are: the
 * label of a value is the message `<prefix>.<value>` in each catalogue. The values are the API's generated enums
 * (`code-lists.ts`). Countries, currencies and languages are named by `Intl.DisplayNames` instead (see `names`).
 */
export const CODE_PREFIX = {
  reportType: 'code.reportType',
  locationType: 'code.locationType',
  direction: 'code.direction',
  commodityCategory: 'code.commodityCategory',
  quantityUnit: 'code.quantityUnit',
  transportMode: 'code.transportMode',
  sourceReliability: 'code.sourceReliability',
  informationCredibility: 'code.informationCredibility',
  tlp: 'code.tlp',
  distributionLevel: 'code.distributionLevel',
  personRole: 'code.personRole',
  indicatorKind: 'code.indicatorKind',
  requiredField: 'code.requiredField',
  operationState: 'operations.state',
  feedbackOutcome: 'feedback.outcome',
  correctionStatus: 'revision.status',
  requestState: 'assistance.state',
  assistanceKind: 'assistance.kind',
  priority: 'assistance.priority',
  thematicArea: 'code.thematicArea',
  fundingStatus: 'assistance.fundingStatus',
  missionState: 'missions.state',
  logisticsStatus: 'missions.logistics',
  refusalReason: 'assistance.refusal',
  measure: 'evaluation.measure',
  yearStatus: 'finance.yearStatus',
  versionStatus: 'finance.versionStatus',
  commitmentStatus: 'finance.commitmentStatus',
  publicationType: 'code.publicationType',
  topic: 'code.topic',
  access: 'code.access',
  eventType: 'code.eventType',
  missionNews: 'code.missionNews',
  publicationChange: 'code.publicationChange',
  webhookStatus: 'webhooks.status',
  deliveryStatus: 'webhook.delivery',
  recommendationState: 'auditRec.state',
  engagementState: 'auditEng.state',
  auditRating: 'auditRec.rating',
  auditChange: 'auditRec.change',
  planState: 'auditPlan.state',
} as const;

export type CodeList = keyof typeof CODE_PREFIX;

/** The message key of a value (whether or not the catalogue has it: a value the API added later has none yet). */
export const codeKey = (list: CodeList, value: Code): string => `${CODE_PREFIX[list]}.${value}`;

/** A value's label in a catalogue; a value without one (the API added it since) is shown as the code itself. */
export function codeLabel(messages: Messages, list: CodeList, value: Code | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const label = (messages as Record<string, string | undefined>)[codeKey(list, value)];
  return label ?? String(value);
}

/**
 * A report field an operation's template requires: its name, then its path in the API's body, which the API's
 * refusals name ("HS code (goods.hsCode)").
 */
export const requiredFieldLabel = (i18n: { code(list: CodeList, value: Code): string }, path: string): string => {
  const label = i18n.code('requiredField', path);
  return label === path ? path : `${label} (${path})`;
};

/** Countries (ISO 3166-1 alpha-2), currencies (ISO 4217) and languages (ISO 639-1), named by the browser's CLDR data. */
export type NamedCodes = 'country' | 'currency' | 'language';
const DISPLAY_TYPE = { country: 'region', currency: 'currency', language: 'language' } as const;

export interface Option {
  value: string;
  label: string;
}

/**
 * Names in a locale: `Intl.DisplayNames` for countries, currencies and languages (a code it does not know, or
 * cannot read, is its own name), and the options of a select, sorted with the locale's `Intl.Collator`.
 */
export function names(locale: string) {
  const formats = new Map<NamedCodes, Intl.DisplayNames | null>();
  const format = (kind: NamedCodes): Intl.DisplayNames | null => {
    if (!formats.has(kind)) {
      let made: Intl.DisplayNames | null = null;
      try {
        made = new Intl.DisplayNames([locale], { type: DISPLAY_TYPE[kind], fallback: 'code' });
      } catch {
        made = null;
      }
      formats.set(kind, made);
    }
    return formats.get(kind) ?? null;
  };
  const name = (kind: NamedCodes, code: string): string => {
    if (!code) return '';
    try {
      return format(kind)?.of(code) ?? code;
    } catch {
      // RangeError: not a well-formed code (a value the API added that is no ISO code): the code itself.
      return code;
    }
  };
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const cache = new WeakMap<readonly Code[], Option[]>();
  /** A country with its code beside its name, "France (FR)" (the code alone when the browser does not know it). */
  const countryLabel = (code: string): string => {
    const n = name('country', code);
    return n === code ? code : `${n} (${code})`;
  };
  /**
   * A select's options: countries "France (FR)" and languages ("français") sorted by name in the locale's collation;
   * currencies "EUR — euro" by code (the way declarations and invoices name them). Each value is the API's code.
   */
  const options = (kind: NamedCodes, codes: readonly Code[]): Option[] => {
    const cached = cache.get(codes);
    if (cached) return cached;
    const made = codes.map((c) => {
      const code = String(c);
      const n = name(kind, code);
      if (n === code) return { value: code, label: code, sort: code };
      if (kind === 'currency') return { value: code, label: `${code} — ${n}`, sort: code };
      return { value: code, label: kind === 'language' ? n : `${n} (${code})`, sort: n };
    });
    made.sort((a, b) => collator.compare(a.sort, b.sort) || (a.value < b.value ? -1 : 1));
    const result = made.map(({ value, label }) => ({ value, label }));
    cache.set(codes, result);
    return result;
  };
  return {
    country: (code: string) => name('country', code),
    countryLabel,
    currency: (code: string) => name('currency', code),
    language: (code: string) => name('language', code),
    options,
  };
}
export type Names = ReturnType<typeof names>;
