import {
  assistanceCreateRequestDtoKindValues,
  assistanceCreateRequestDtoPriorityValues,
  assistanceCreateRequestDtoThematicAreaValues,
  assistanceExpertViewThematicAreasValues,
  assistanceInterventionDtoPriorityValues,
  assistanceMissionViewFundingStatusValues,
  assistanceMissionViewLogisticsStatusValues,
  assistanceRequestViewKindValues,
  assistanceRequestViewPriorityValues,
  assistanceRequestViewStateValues,
  assistanceRequestViewThematicAreaValues,
  assistanceResultIndicatorDtoMeasureValues,
  assistanceTransitionDtoToValues,
  budgetAuditBudgetVersionStatusValues,
  budgetAuditCommitmentStatusValues,
  budgetAuditFiscalYearStatusValues,
  createWebhookDtoEventTypesValues,
  deliveryViewStatusValues,
  deliveryViewTypeValues,
  intelExchangeCommodityCategoryValues,
  intelExchangeCorrectionViewStatusValues,
  intelExchangeCreateOperationDtoRequiredFieldsValues,
  intelExchangeDirectionValues,
  intelExchangeDistributionLevelValues,
  intelExchangeFeedbackOutcomeValues,
  intelExchangeIndicatorKindValues,
  intelExchangeIndicatorValueKindValues,
  intelExchangeInformationCredibilityValues,
  intelExchangeLocationTypeValues,
  intelExchangeOperationStateValues,
  intelExchangeOperationViewRequiredFieldsValues,
  intelExchangePersonRoleValues,
  intelExchangeQuantityUnitValues,
  intelExchangeReportTypeValues,
  intelExchangeSourceReliabilityValues,
  intelExchangeTlpValues,
  intelExchangeTransportModeValues,
  notificationViewTypeValues,
  researchCataloguePublicationViewAccessValues,
  researchCataloguePublicationViewTypeValues,
  researchCatalogueSearchItemViewAccessValues,
  researchCatalogueSearchItemViewTypeValues,
  researchCatalogueSubscriptionsViewTopicsValues,
  researchCatalogueVersionViewTopicsValues,
  researchCatalogueVersionViewTypeValues,
  webhookViewEventTypesValues,
  webhookViewStatusValues,
} from '../api/schema';
import type { MessageKey, Messages } from './en';

type Code = string | number;

/** The values of one or more of the API's enums for the same thing (a request's and a response's), once each. */
function union<T extends Code>(...lists: readonly (readonly T[])[]): readonly T[] {
  return [...new Set(lists.flat())];
}

/**
 * The reasons the assistance API gives when it refuses an expert (422 `expert_assignment_refused`): its document
 * types them as strings, so this list is the console's, from the service's code.
 */
const EXPERT_REFUSAL_REASONS = [
  'conflict_of_interest',
  'overlapping_mission',
  'language_missing',
  'thematic_area_missing',
  'accreditation_expired',
  'expert_inactive',
] as const;

/**
 * Every code list of the platform's own the console shows, in a select or as a value: the values are the API's
 * generated enums (`src/api/schema.ts`, never a copy), the label of a value is the message `<prefix>.<value>` in
 * each catalogue. Countries, currencies and languages are named by `Intl.DisplayNames` instead (see `names`).
 * `messages.spec.ts` checks that every value here has its label in all four catalogues, so a value the API adds
 * fails the test (and the compiler, below) until it is translated.
 */
export const CODE_LISTS = {
  reportType: { prefix: 'code.reportType', values: intelExchangeReportTypeValues },
  locationType: { prefix: 'code.locationType', values: intelExchangeLocationTypeValues },
  direction: { prefix: 'code.direction', values: intelExchangeDirectionValues },
  commodityCategory: { prefix: 'code.commodityCategory', values: intelExchangeCommodityCategoryValues },
  quantityUnit: { prefix: 'code.quantityUnit', values: intelExchangeQuantityUnitValues },
  transportMode: { prefix: 'code.transportMode', values: intelExchangeTransportModeValues },
  sourceReliability: { prefix: 'code.sourceReliability', values: intelExchangeSourceReliabilityValues },
  informationCredibility: { prefix: 'code.informationCredibility', values: intelExchangeInformationCredibilityValues },
  tlp: { prefix: 'code.tlp', values: intelExchangeTlpValues },
  distributionLevel: { prefix: 'code.distributionLevel', values: intelExchangeDistributionLevelValues },
  personRole: { prefix: 'code.personRole', values: intelExchangePersonRoleValues },
  indicatorKind: { prefix: 'code.indicatorKind', values: union(intelExchangeIndicatorKindValues, intelExchangeIndicatorValueKindValues) },
  requiredField: {
    prefix: 'code.requiredField',
    values: union(intelExchangeCreateOperationDtoRequiredFieldsValues, intelExchangeOperationViewRequiredFieldsValues),
  },
  operationState: { prefix: 'operations.state', values: intelExchangeOperationStateValues },
  feedbackOutcome: { prefix: 'feedback.outcome', values: intelExchangeFeedbackOutcomeValues },
  correctionStatus: { prefix: 'revision.status', values: intelExchangeCorrectionViewStatusValues },
  requestState: { prefix: 'assistance.state', values: union(assistanceRequestViewStateValues, assistanceTransitionDtoToValues) },
  assistanceKind: { prefix: 'assistance.kind', values: union(assistanceCreateRequestDtoKindValues, assistanceRequestViewKindValues) },
  priority: {
    prefix: 'assistance.priority',
    values: union(assistanceCreateRequestDtoPriorityValues, assistanceRequestViewPriorityValues, assistanceInterventionDtoPriorityValues),
  },
  thematicArea: {
    prefix: 'code.thematicArea',
    values: union(
      assistanceCreateRequestDtoThematicAreaValues,
      assistanceRequestViewThematicAreaValues,
      assistanceExpertViewThematicAreasValues,
    ),
  },
  fundingStatus: { prefix: 'assistance.fundingStatus', values: assistanceMissionViewFundingStatusValues },
  logisticsStatus: { prefix: 'missions.logistics', values: assistanceMissionViewLogisticsStatusValues },
  refusalReason: { prefix: 'assistance.refusal', values: EXPERT_REFUSAL_REASONS },
  measure: { prefix: 'evaluation.measure', values: assistanceResultIndicatorDtoMeasureValues },
  yearStatus: { prefix: 'finance.yearStatus', values: budgetAuditFiscalYearStatusValues },
  versionStatus: { prefix: 'finance.versionStatus', values: budgetAuditBudgetVersionStatusValues },
  commitmentStatus: { prefix: 'finance.commitmentStatus', values: budgetAuditCommitmentStatusValues },
  publicationType: {
    prefix: 'code.publicationType',
    values: union(
      researchCataloguePublicationViewTypeValues,
      researchCatalogueSearchItemViewTypeValues,
      researchCatalogueVersionViewTypeValues,
    ),
  },
  topic: { prefix: 'code.topic', values: union(researchCatalogueVersionViewTopicsValues, researchCatalogueSubscriptionsViewTopicsValues) },
  access: {
    prefix: 'code.access',
    values: union(researchCataloguePublicationViewAccessValues, researchCatalogueSearchItemViewAccessValues),
  },
  eventType: {
    prefix: 'code.eventType',
    values: union(webhookViewEventTypesValues, createWebhookDtoEventTypesValues, deliveryViewTypeValues, notificationViewTypeValues),
  },
  webhookStatus: { prefix: 'webhooks.status', values: webhookViewStatusValues },
  deliveryStatus: { prefix: 'webhook.delivery', values: deliveryViewStatusValues },
} as const;

export type CodeList = keyof typeof CODE_LISTS;
/** The values of a list, as the API types them. */
export type CodeOf<L extends CodeList> = (typeof CODE_LISTS)[L]['values'][number];

// The compiler's half of the check: a value of a generated enum without its message in the English catalogue (and
// so, through `Messages`, in every catalogue) does not compile; `messages.spec.ts` checks the same at run time.
type LabelKey<L extends CodeList> = `${(typeof CODE_LISTS)[L]['prefix']}.${CodeOf<L>}`;
type Unlabelled = Exclude<{ [L in CodeList]: LabelKey<L> }[CodeList], MessageKey>;
const everyCodeLabelled: [Unlabelled] extends [never] ? true : Unlabelled = true;
void everyCodeLabelled;

/** The message key of a value (whether or not the catalogue has it: a value the API added later has none yet). */
export const codeKey = (list: CodeList, value: Code): string => `${CODE_LISTS[list].prefix}.${value}`;

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
