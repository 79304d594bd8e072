/*
 * The controlled vocabularies of the service: the API, the database checks and the exports use these spellings
 * (snake_case, as the contracts do). Adding a code is additive; renaming one is a breaking change of the API.
 */

/** What kind of assistance is asked for (EU TAIEX and WCO Mercator practice). */
export const REQUEST_KINDS = ['expert_mission', 'diagnostic_mission', 'study_visit', 'workshop', 'training', 'e_learning'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Thematic areas of the WCO Strategic Plan: SP7 (implementation of WCO standards and tools) and SP8 (people
 * development). The label is what a form shows; `programme` says which objective funds it.
 */
export const THEMATIC_AREAS = {
  rkc: { programme: 'SP7', label: 'Revised Kyoto Convention (customs procedures)' },
  tfa: { programme: 'SP7', label: 'WTO Trade Facilitation Agreement implementation' },
  hs: { programme: 'SP7', label: 'Harmonized System classification' },
  valuation: { programme: 'SP7', label: 'Customs valuation' },
  origin: { programme: 'SP7', label: 'Rules of origin' },
  risk_management: { programme: 'SP7', label: 'Risk management and targeting' },
  aeo: { programme: 'SP7', label: 'Authorized Economic Operator and SAFE Framework' },
  time_release_study: { programme: 'SP7', label: 'Time Release Study' },
  post_clearance_audit: { programme: 'SP7', label: 'Post-clearance audit' },
  coordinated_border_management: { programme: 'SP7', label: 'Coordinated border management' },
  data_model: { programme: 'SP7', label: 'WCO Data Model and single window' },
  enforcement: { programme: 'SP7', label: 'Enforcement, IPR and security programmes' },
  leadership: { programme: 'SP8', label: 'Leadership and management development' },
  integrity: { programme: 'SP8', label: 'Integrity (Revised Arusha Declaration)' },
  human_resources: { programme: 'SP8', label: 'Strategic human resource management' },
  gender_diversity: { programme: 'SP8', label: 'Gender equality and diversity' },
  innovation: { programme: 'SP8', label: 'Innovation and organisational development' },
  training_systems: { programme: 'SP8', label: 'Training systems and e-learning capacity' },
} as const;
export type ThematicArea = keyof typeof THEMATIC_AREAS;
export const THEMATIC_AREA_CODES = Object.keys(THEMATIC_AREAS) as ThematicArea[];

/** Working languages: the WCO's official languages and the ones its regional trainings are given in. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'ru', 'pt', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Where the need comes from: the Member's words, a gap a diagnostic found, or a performance-measurement indicator. */
export const NEED_SOURCES = ['free_text', 'diagnostic_gap', 'performance_indicator'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];
