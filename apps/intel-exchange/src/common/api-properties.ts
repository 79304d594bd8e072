import {
  AGE_BANDS,
  COMMODITY_CATEGORIES,
  COMPANY_ROLES,
  CONCEALMENT_METHODS,
  COUNTRY_CODES,
  CURRENCY_CODES,
  CUSTOMS_PROCEDURES,
  DETECTION_METHODS,
  DIRECTIONS,
  DISTRIBUTION_LEVELS,
  GENDERS,
  IDENTITY_DOCUMENT_TYPES,
  INFORMATION_CREDIBILITY,
  LOCATION_TYPES,
  MASS_UNITS,
  NON_COUNTRY_MEMBER_CODES,
  OPERATION_STATES,
  PERSON_ROLES,
  QUANTITY_UNITS,
  REPORT_TYPES,
  SOURCE_RELIABILITY,
  TLP_LEVELS,
  TRANSPORT_DOCUMENT_KINDS,
  TRANSPORT_MODES,
} from '../domain/code-lists';
import { WCO_SECRETARIAT } from '../domain/code-lists';

// The code lists as named OpenAPI enums (one component schema each, so client generators get one type per list),
// spread into @ApiProperty options: `@ApiProperty({ ...API_ENUMS.country, description })`.

const named = (values: readonly (string | number)[], enumName: string) => ({ enum: [...values], enumName });

export const API_ENUMS = {
  country: named(COUNTRY_CODES, 'CountryCode'),
  member: named([...COUNTRY_CODES, ...NON_COUNTRY_MEMBER_CODES], 'MemberCode'),
  /** Whose user did something: a Member, or the WCO Secretariat (users with no Member claim). */
  organisation: named([...COUNTRY_CODES, ...NON_COUNTRY_MEMBER_CODES, WCO_SECRETARIAT], 'OrganisationCode'),
  currency: named(CURRENCY_CODES, 'CurrencyCode'),
  reportType: named(REPORT_TYPES, 'ReportType'),
  commodity: named(COMMODITY_CATEGORIES, 'CommodityCategory'),
  locationType: named(LOCATION_TYPES, 'LocationType'),
  direction: named(DIRECTIONS, 'Direction'),
  customsProcedure: named(CUSTOMS_PROCEDURES, 'CustomsProcedure'),
  transportMode: named(TRANSPORT_MODES, 'TransportMode'),
  concealment: named(CONCEALMENT_METHODS, 'ConcealmentMethod'),
  detection: named(DETECTION_METHODS, 'DetectionMethod'),
  massUnit: named(MASS_UNITS, 'MassUnit'),
  quantityUnit: named(QUANTITY_UNITS, 'QuantityUnit'),
  sourceReliability: named(SOURCE_RELIABILITY, 'SourceReliability'),
  informationCredibility: { ...named(INFORMATION_CREDIBILITY, 'InformationCredibility'), type: 'integer' as const },
  tlp: named(TLP_LEVELS, 'Tlp'),
  distributionLevel: named(DISTRIBUTION_LEVELS, 'DistributionLevel'),
  companyRole: named(COMPANY_ROLES, 'CompanyRole'),
  personRole: named(PERSON_ROLES, 'PersonRole'),
  ageBand: named(AGE_BANDS, 'AgeBand'),
  gender: named(GENDERS, 'Gender'),
  transportDocumentKind: named(TRANSPORT_DOCUMENT_KINDS, 'TransportDocumentKind'),
  identityDocumentType: named(IDENTITY_DOCUMENT_TYPES, 'IdentityDocumentType'),
  operationState: named(OPERATION_STATES, 'OperationState'),
};

/** Free identifiers are compared and stored normalised; clients may send them with spaces or separators. */
export const NORMALISED = 'Upper-cased, with spaces, dashes, dots and slashes removed, before it is checked and stored.';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
