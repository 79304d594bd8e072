/**
 * Vocabulary shared by the intel-exchange events. String enums so the wire values read as words; the values are
 * spelled exactly as in the intel-exchange API (snake_case codes, TLP labels in capitals), so a consumer reads the
 * same word a user sends and no service keeps a translation table. STIX has its own vocabulary, converted at its
 * boundary.
 */
/** The report types of the intelligence exchange (CEN: seizure, suspicious consignment, risk indicator, alert). */
export enum ReportType {
  Seizure = 'seizure',
  SuspiciousConsignment = 'suspicious_consignment',
  RiskIndicator = 'risk_indicator',
  Alert = 'alert',
}

/** WCO CEN commodity groups. */
export enum CommodityCategory {
  Drugs = 'drugs',
  Tobacco = 'tobacco',
  Alcohol = 'alcohol',
  WildlifeCites = 'wildlife_cites',
  Ipr = 'ipr',
  Weapons = 'weapons',
  Currency = 'currency',
  Precursors = 'precursors',
  Waste = 'waste',
  CulturalGoods = 'cultural_goods',
  Medicines = 'medicines',
  OzoneDepletingSubstances = 'ozone_depleting_substances',
  Other = 'other',
}

/** Traffic Light Protocol 2.0. */
export enum Tlp {
  Clear = 'CLEAR',
  Green = 'GREEN',
  Amber = 'AMBER',
  AmberStrict = 'AMBER+STRICT',
  Red = 'RED',
}

/** Who may see a report beyond its originator. */
export enum DistributionLevel {
  OriginatorOnly = 'originator_only',
  NamedMembers = 'named_members',
  OperationParticipants = 'operation_participants',
  AllMembers = 'all_members',
}

/** The indicators correlation matches on: identifying values, and patterns (HS heading or concealment, with route). */
export enum IndicatorKind {
  Container = 'container',
  VesselImo = 'vessel_imo',
  AirWaybill = 'air_waybill',
  BillOfLading = 'bill_of_lading',
  CourierTracking = 'courier_tracking',
  VehicleRegistration = 'vehicle_registration',
  CompanyIdentifier = 'company_identifier',
  HsHeadingRoute = 'hs_heading_route',
  ConcealmentRoute = 'concealment_route',
}

export enum AccessKind {
  Detail = 'detail',
  /** A past version read by number. */
  Version = 'version',
  List = 'list',
  Export = 'export',
}

/** Sightings (MISP-style): the indicator was seen, hit a target, led to a seizure, or was a false positive. */
export enum FeedbackOutcome {
  Seen = 'seen',
  Hit = 'hit',
  Seized = 'seized',
  FalsePositive = 'false_positive',
}

export enum OperationChange {
  Created = 'created',
  Updated = 'updated',
  ParticipantAdmitted = 'participant_admitted',
  ParticipantRemoved = 'participant_removed',
  Closed = 'closed',
}

export enum OperationStatus {
  Planned = 'planned',
  Active = 'active',
  Closed = 'closed',
  Archived = 'archived',
}

export enum ReportLifecycleAction {
  Purged = 'purged',
  Anonymised = 'anonymised',
}

/** A Member (customs administration) code, e.g. FR, KE, BR; WCO for the Secretariat. */
export const MEMBER_CODE_PATTERN = /^[A-Z]{2,3}$/;
