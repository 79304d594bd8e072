// Code lists used by seizure/intelligence reports. Lists are `as const` tuples so that their union types drive the
// DTOs, the domain types and the STIX mapping from one source.

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes (exceptionally reserved codes such as EU, UK, XK are
 * deliberately absent: they are not countries in ISO 3166-1; the Member code list below adds EU).
 */
export const COUNTRY_CODES = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ',
  'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW',
  'BY', 'BZ',
  'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ',
  'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ',
  'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET',
  'FI', 'FJ', 'FK', 'FM', 'FO', 'FR',
  'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY',
  'HK', 'HM', 'HN', 'HR', 'HT', 'HU',
  'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT',
  'JE', 'JM', 'JO', 'JP',
  'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ',
  'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY',
  'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV',
  'MW', 'MX', 'MY', 'MZ',
  'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ',
  'OM',
  'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY',
  'QA',
  'RE', 'RO', 'RS', 'RU', 'RW',
  'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX',
  'SY', 'SZ',
  'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ',
  'UA', 'UG', 'UM', 'US', 'UY', 'UZ',
  'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU',
  'WF', 'WS',
  'YE', 'YT',
  'ZA', 'ZM', 'ZW',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

/**
 * WCO Members are customs territories, not only countries: the European Union is a Member in its own right and is
 * identified by the ISO 3166 exceptionally reserved code EU.
 */
export const NON_COUNTRY_MEMBER_CODES = ['EU'] as const;

/**
 * ISO 4217 active codes (list one, 2025 snapshot): circulating currencies, funds and precious metals / SDR / bond
 * units, which customs values can legitimately use. Withdrawn codes (HRK since 2023, ZWL since 2024) are rejected.
 * XTS (testing) and XXX (no currency) are excluded: a seizure value always has a currency.
 */
export const CURRENCY_CODES = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK',
  'DJF', 'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR',
  'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY',
  'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT',
  'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
  'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
  'QAR',
  'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS',
  'VED', 'VES', 'VND', 'VUV',
  'WST',
  'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD', 'XCG', 'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XSU', 'XUA',
  'YER',
  'ZAR', 'ZMW', 'ZWG',
] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

export const REPORT_TYPES = ['seizure', 'suspicious_consignment', 'risk_indicator', 'alert'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** The WCO CEN commodity groups. */
export const COMMODITY_CATEGORIES = [
  'drugs',
  'tobacco',
  'alcohol',
  'wildlife_cites',
  'ipr',
  'weapons',
  'currency',
  'precursors',
  'waste',
  'cultural_goods',
  'medicines',
  'ozone_depleting_substances',
  'other',
] as const;
export type CommodityCategory = (typeof COMMODITY_CATEGORIES)[number];

export const LOCATION_TYPES = ['airport', 'seaport', 'land_border', 'inland', 'postal_courier_hub'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export const DIRECTIONS = ['import', 'export', 'transit', 'transhipment'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Customs procedure the goods were under when detected (broad WCO RKC categories, not national codes). */
export const CUSTOMS_PROCEDURES = [
  'release_for_free_circulation',
  'export',
  'customs_transit',
  'transhipment',
  'customs_warehousing',
  'free_zone',
  'inward_processing',
  'outward_processing',
  'temporary_admission',
  're_export',
  'passenger_clearance',
  'postal_clearance',
  'express_clearance',
  'none',
  'other',
] as const;
export type CustomsProcedure = (typeof CUSTOMS_PROCEDURES)[number];

/** Modes of transport at the border (UN/ECE Rec. 19 plus the courier/postal streams customs handles apart). */
export const TRANSPORT_MODES = [
  'sea',
  'air',
  'road',
  'rail',
  'inland_waterway',
  'postal',
  'express_courier',
  'fixed_installation',
  'own_propulsion',
  'pedestrian',
  'multimodal',
  'unknown',
] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const CONCEALMENT_METHODS = [
  'not_concealed',
  'hidden_in_goods',
  'mixed_with_goods',
  'misdeclared',
  'false_compartment',
  'false_bottom',
  'false_wall',
  'natural_cavity',
  'vehicle_structure',
  'fuel_tank',
  'tyres',
  'container_structure',
  'reefer_unit',
  'vessel_structure',
  'aircraft_structure',
  'rip_on_rip_off',
  'luggage',
  'luggage_false_bottom',
  'clothing',
  'body_concealment_external',
  'body_concealment_internal',
  'postal_item',
  'impregnation_or_dissolution',
  'other',
] as const;
export type ConcealmentMethod = (typeof CONCEALMENT_METHODS)[number];

export const DETECTION_METHODS = [
  'x_ray',
  'sniffer_dog',
  'risk_profiling',
  'random_check',
  'intelligence',
  'tip_off',
  'physical_examination',
  'document_check',
  'behavioural_indicators',
  'body_scanner',
  'radiation_detection',
  'trace_detection',
  'density_meter',
  'endoscope',
  'post_clearance_audit',
  'other',
] as const;
export type DetectionMethod = (typeof DETECTION_METHODS)[number];

export const MASS_UNITS = ['kg', 'g', 't'] as const;
export type MassUnit = (typeof MASS_UNITS)[number];
export const VOLUME_UNITS = ['l', 'ml', 'm3'] as const;
export const COUNT_UNITS = [
  'pieces',
  'sticks',
  'packs',
  'cartons',
  'bottles',
  'tablets',
  'ampoules',
  'pairs',
  'heads',
  'plants',
] as const;
export const QUANTITY_UNITS = [...MASS_UNITS, ...VOLUME_UNITS, ...COUNT_UNITS] as const;
export type QuantityUnit = (typeof QUANTITY_UNITS)[number];

/**
 * Which quantity units make sense for which commodity, where customs practice is clear (e.g. cigarettes are
 * counted in sticks or cartons, never in litres). Categories absent here accept every unit.
 */
export const COMMODITY_QUANTITY_UNITS: Partial<Record<CommodityCategory, readonly QuantityUnit[]>> = {
  tobacco: ['sticks', 'packs', 'cartons', 'pieces', 'kg', 'g', 't'],
  alcohol: ['l', 'ml', 'bottles', 'pieces', 'cartons'],
  drugs: ['kg', 'g', 't', 'l', 'ml', 'tablets', 'pieces', 'plants'],
  medicines: ['kg', 'g', 'l', 'ml', 'tablets', 'ampoules', 'packs', 'pieces', 'cartons'],
  precursors: ['kg', 'g', 't', 'l', 'ml', 'm3'],
  waste: ['kg', 't', 'm3', 'l', 'pieces'],
  ozone_depleting_substances: ['kg', 't', 'l', 'pieces'],
  currency: ['pieces', 'kg'],
  wildlife_cites: ['kg', 'g', 't', 'l', 'ml', 'm3', 'pieces', 'pairs', 'heads', 'plants'],
};

export function unitsAllowedFor(category: CommodityCategory): readonly QuantityUnit[] {
  return COMMODITY_QUANTITY_UNITS[category] ?? QUANTITY_UNITS;
}

/** Admiralty (NATO AJP-2.1) source reliability. */
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type SourceReliability = (typeof SOURCE_RELIABILITY)[number];
/** Admiralty information credibility: 1 confirmed … 6 cannot be judged. */
export const INFORMATION_CREDIBILITY = [1, 2, 3, 4, 5, 6] as const;
export type InformationCredibility = (typeof INFORMATION_CREDIBILITY)[number];

/** FIRST TLP 2.0 labels, from least to most restrictive. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const DISTRIBUTION_LEVELS = ['originator_only', 'operation_participants', 'all_members', 'named_members'] as const;
export type DistributionLevel = (typeof DISTRIBUTION_LEVELS)[number];

export const COMPANY_ROLES = [
  'consignor',
  'consignee',
  'exporter',
  'importer',
  'declarant',
  'customs_broker',
  'freight_forwarder',
  'carrier',
  'notify_party',
  'manufacturer',
  'buyer',
  'seller',
  'owner',
  'other',
] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];

export const PERSON_ROLES = [
  'passenger',
  'driver',
  'crew_member',
  'courier',
  'consignor',
  'consignee',
  'importer',
  'exporter',
  'declarant',
  'owner',
  'other',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const AGE_BANDS = ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const TRANSPORT_DOCUMENT_KINDS = ['air_waybill', 'bill_of_lading', 'courier_tracking'] as const;
export type TransportDocumentKind = (typeof TRANSPORT_DOCUMENT_KINDS)[number];

export const IDENTITY_DOCUMENT_TYPES = [
  'passport',
  'national_identity_card',
  'residence_permit',
  'driving_licence',
  'seafarer_identity_document',
  'visa',
  'other',
] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

/** The organisation code of WCO Secretariat staff (coordinators, auditors), explicit in their tokens. */
export const WCO_SECRETARIAT = 'WCO';

export const OPERATION_STATES = ['planned', 'active', 'closed', 'archived'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

/** Feedback (MISP "sighting") on a report or a match. */
export const FEEDBACK_KINDS = ['seen', 'hit', 'seized', 'false_positive'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
