import {
  assistanceCreateRequestDtoKindValues,
  assistanceCreateRequestDtoPriorityValues,
  assistanceCreateRequestDtoThematicAreaValues,
  assistanceExpertViewThematicAreasValues,
  assistanceInterventionDtoPriorityValues,
  assistanceMissionViewFundingStatusValues,
  assistanceMissionViewStateValues,
  assistanceMissionViewLogisticsStatusValues,
  assistanceRequestViewKindValues,
  assistanceRequestViewPriorityValues,
  assistanceRequestViewStateValues,
  assistanceRequestViewThematicAreaValues,
  assistanceResultIndicatorDtoMeasureValues,
  assistanceTransitionDtoToValues,
  budgetAuditAuditEngagementAllowedTransitionsValues,
  budgetAuditAuditEngagementStatusValues,
  budgetAuditAuditFindingSeverityValues,
  budgetAuditAuditHistoryEntryChangeValues,
  budgetAuditAuditPlanStatusValues,
  budgetAuditAuditRecommendationAllowedTransitionsValues,
  budgetAuditAuditRecommendationPriorityValues,
  budgetAuditAuditRecommendationSeverityValues,
  budgetAuditAuditRecommendationStatusValues,
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
import type { MessageKey } from './en';
import type { CODE_PREFIX, CodeList } from './codes';

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
 * What a mission's news notification says happened (`data.news`): the notification's data is not typed in the API
 * document, so this is `MISSION_NEWS` of the event contract (`@wco/contracts`), which `messages.spec.ts` compares it to.
 */
export const MISSION_NEWS = [
  'planned',
  'funded',
  'funding_rejected',
  'scheduled',
  'delivered',
  'cancelled',
  'logistics_not_started',
  'logistics_travel_booked',
  'logistics_visas_obtained',
  'logistics_venue_confirmed',
  'logistics_ready',
  'funding_overdue',
  'follow_up_planned',
  'follow_up_done',
  'follow_up_cancelled',
] as const;

/** What changed in a publication a Member follows (`data.change` of its notification; the event contract's values). */
const PUBLICATION_CHANGES = ['released', 'revised', 'embargo_lifted'] as const;

/**
 * The values of every code list of `codes.ts`: the API's generated enums (`src/api/schema.ts`, never a copy). The
 * pages' selects and checkboxes offer these, and `messages.spec.ts` checks that each value has its label in all four
 * catalogues, so a value the API adds fails the test (and the compiler, below) until it is translated. Kept apart
 * from `codes.ts`: the shell only needs the labels, and the enums (with the country and currency lists beside them
 * in the generated module) stay in the pages' chunks, out of the initial JavaScript.
 */
export const CODE_LISTS = {
  reportType: intelExchangeReportTypeValues,
  locationType: intelExchangeLocationTypeValues,
  direction: intelExchangeDirectionValues,
  commodityCategory: intelExchangeCommodityCategoryValues,
  quantityUnit: intelExchangeQuantityUnitValues,
  transportMode: intelExchangeTransportModeValues,
  sourceReliability: intelExchangeSourceReliabilityValues,
  informationCredibility: intelExchangeInformationCredibilityValues,
  tlp: intelExchangeTlpValues,
  distributionLevel: intelExchangeDistributionLevelValues,
  personRole: intelExchangePersonRoleValues,
  indicatorKind: union(intelExchangeIndicatorKindValues, intelExchangeIndicatorValueKindValues),
  requiredField: union(intelExchangeCreateOperationDtoRequiredFieldsValues, intelExchangeOperationViewRequiredFieldsValues),
  operationState: intelExchangeOperationStateValues,
  feedbackOutcome: intelExchangeFeedbackOutcomeValues,
  correctionStatus: intelExchangeCorrectionViewStatusValues,
  requestState: union(assistanceRequestViewStateValues, assistanceTransitionDtoToValues),
  assistanceKind: union(assistanceCreateRequestDtoKindValues, assistanceRequestViewKindValues),
  priority: union(assistanceCreateRequestDtoPriorityValues, assistanceRequestViewPriorityValues, assistanceInterventionDtoPriorityValues),
  thematicArea: union(
    assistanceCreateRequestDtoThematicAreaValues,
    assistanceRequestViewThematicAreaValues,
    assistanceExpertViewThematicAreasValues,
  ),
  fundingStatus: assistanceMissionViewFundingStatusValues,
  missionState: assistanceMissionViewStateValues,
  logisticsStatus: assistanceMissionViewLogisticsStatusValues,
  refusalReason: EXPERT_REFUSAL_REASONS,
  measure: assistanceResultIndicatorDtoMeasureValues,
  yearStatus: budgetAuditFiscalYearStatusValues,
  versionStatus: budgetAuditBudgetVersionStatusValues,
  commitmentStatus: budgetAuditCommitmentStatusValues,
  publicationType: union(
    researchCataloguePublicationViewTypeValues,
    researchCatalogueSearchItemViewTypeValues,
    researchCatalogueVersionViewTypeValues,
  ),
  topic: union(researchCatalogueVersionViewTopicsValues, researchCatalogueSubscriptionsViewTopicsValues),
  access: union(researchCataloguePublicationViewAccessValues, researchCatalogueSearchItemViewAccessValues),
  eventType: union(webhookViewEventTypesValues, createWebhookDtoEventTypesValues, deliveryViewTypeValues, notificationViewTypeValues),
  missionNews: MISSION_NEWS,
  publicationChange: PUBLICATION_CHANGES,
  webhookStatus: webhookViewStatusValues,
  deliveryStatus: deliveryViewStatusValues,
  recommendationState: union(budgetAuditAuditRecommendationStatusValues, budgetAuditAuditRecommendationAllowedTransitionsValues),
  engagementState: union(budgetAuditAuditEngagementStatusValues, budgetAuditAuditEngagementAllowedTransitionsValues),
  auditRating: union(
    budgetAuditAuditRecommendationPriorityValues,
    budgetAuditAuditRecommendationSeverityValues,
    budgetAuditAuditFindingSeverityValues,
  ),
  auditChange: budgetAuditAuditHistoryEntryChangeValues,
  planState: budgetAuditAuditPlanStatusValues,
} as const satisfies Record<CodeList, readonly Code[]>;

/** The values of a list, as the API types them. */
export type CodeOf<L extends CodeList> = (typeof CODE_LISTS)[L][number];

// The compiler's half of the check: a value of a generated enum without its message in the English catalogue (and
// so, through `Messages`, in every catalogue) does not compile; `messages.spec.ts` checks the same at run time.
type LabelKey<L extends CodeList> = `${(typeof CODE_PREFIX)[L]}.${CodeOf<L>}`;
type Unlabelled = Exclude<{ [L in CodeList]: LabelKey<L> }[CodeList], MessageKey>;
const everyCodeLabelled: [Unlabelled] extends [never] ? true : Unlabelled = true;
void everyCodeLabelled;
