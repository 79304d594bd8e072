import type {
  AgeBand,
  CommodityCategory,
  CompanyRole,
  ConcealmentMethod,
  CountryCode,
  CurrencyCode,
  CustomsProcedure,
  DetectionMethod,
  Direction,
  DistributionLevel,
  Gender,
  IdentityDocumentType,
  InformationCredibility,
  LocationType,
  MassUnit,
  OperationState,
  PersonRole,
  QuantityUnit,
  ReportType,
  SourceReliability,
  Tlp,
  TransportDocumentKind,
  TransportMode,
} from './code-lists';

// The report as the domain sees it. The DTO classes in ./dto implement these shapes (validated input), the
// repository maps a StoredReport to/from its tables, and STIX export, correlation and the access policy read it.
// Dates are ISO 8601 strings (date-time with offset, or YYYY-MM-DD for dates), exactly as submitted.
// Optional arrays: absent and empty mean the same thing.

export interface WhenWhere {
  detectedAt: string;
  country: CountryCode;
  /** UN/LOCODE without the space, e.g. NLRTM. */
  place?: string;
  locationType: LocationType;
  customsProcedure?: CustomsProcedure;
  direction: Direction;
}

export interface Quantity {
  value: number;
  unit: QuantityUnit;
}

export interface Weight {
  value: number;
  unit: MassUnit;
}

export interface MonetaryAmount {
  amount: number;
  currency: CurrencyCode;
}

export interface GoodsItem {
  commodityCategory: CommodityCategory;
  description: string;
  /** Digits only: 6-digit HS subheading + optional national extension. */
  hsCode?: string;
  quantity?: Quantity;
  grossWeight?: Weight;
  netWeight?: Weight;
  pieces?: number;
  estimatedValue?: MonetaryAmount;
}

export interface CodedMethod<C extends string> {
  code: C;
  details?: string;
}

export interface Container {
  /** ISO 6346, normalised (upper case, no spaces). */
  number: string;
  seals?: string[];
}

export interface TransportDocument {
  kind: TransportDocumentKind;
  number: string;
}

export interface VehicleRegistration {
  registration: string;
  country?: CountryCode;
}

export interface Conveyance {
  transportMode: TransportMode;
  carrier?: string;
  flightOrVoyage?: string;
  vesselName?: string;
  vesselImo?: string;
  containers?: Container[];
  transportDocuments?: TransportDocument[];
  vehicles?: VehicleRegistration[];
  /** Seals not on a container (trailer, wagon, ULD). */
  seals?: string[];
}

export interface RoutePoint {
  country: CountryCode;
  place?: string;
}

export interface Route {
  origin?: RoutePoint;
  departure?: RoutePoint;
  /** In the order the goods passed them. */
  transit?: RoutePoint[];
  destination?: RoutePoint;
}

export interface CompanyIdentifier {
  /** Issuing scheme, e.g. EORI, TIN, AEO. */
  scheme?: string;
  value: string;
}

export interface Company {
  name: string;
  role: CompanyRole;
  country: CountryCode;
  identifier?: CompanyIdentifier;
}

/** A person described without anything that identifies them. */
export interface PersonProfile {
  role: PersonRole;
  nationality?: CountryCode;
  gender?: Gender;
  ageBand?: AgeBand;
}

export interface IdentityDocument {
  type: IdentityDocumentType;
  number: string;
  issuingCountry: CountryCode;
}

export interface PersonalDataEntry {
  /** Index into `persons` this entry identifies, when there is one. */
  personIndex?: number;
  familyName: string;
  givenNames?: string;
  dateOfBirth?: string;
  documents?: IdentityDocument[];
}

export interface PersonalData {
  persons: PersonalDataEntry[];
}

export interface Grading {
  sourceReliability: SourceReliability;
  informationCredibility: InformationCredibility;
}

export interface Distribution {
  level: DistributionLevel;
  /** Member codes; only with level named_members. */
  members?: string[];
}

/** What a Member submits (the body of a submission and of a new version). */
export interface ReportSubmission {
  type: ReportType;
  operationId?: string;
  whenWhere: WhenWhere;
  goods: GoodsItem[];
  concealment?: CodedMethod<ConcealmentMethod>;
  detection?: CodedMethod<DetectionMethod>;
  conveyance?: Conveyance;
  route?: Route;
  companies?: Company[];
  persons?: PersonProfile[];
  /** Stored apart from the rest and shown only to the originator and the Members listed in personalDataReleasedTo. */
  personalData?: PersonalData;
  personalDataReleasedTo?: string[];
  grading: Grading;
  tlp: Tlp;
  distribution: Distribution;
  /** YYYY-MM-DD; after it the report is purged or anonymised. */
  retentionUntil: string;
}

/** A submission once accepted: one row per version; `id` stays the same across versions. */
export interface StoredReport extends ReportSubmission {
  id: string;
  version: number;
  originatorMember: string;
  /** Subject (user id) of the analyst who submitted this version. */
  submittedBy: string;
  /** When version 1 was created. */
  createdAt: string;
  /** When this version was created. */
  versionCreatedAt: string;
}

/** The operation facts the access policy needs. */
export interface OperationAccessFacts {
  id: string;
  coordinatorMember: string;
  participantMembers: readonly string[];
  state: OperationState;
}
