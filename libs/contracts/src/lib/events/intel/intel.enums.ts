/** Vocabulary shared by the intel-exchange events. String enums so the wire values read as words. */
/** The report types of the intelligence exchange (CEN: seizure, suspicious consignment, risk indicator, alert). */
export enum ReportType {
  Seizure = 'seizure',
  SuspiciousConsignment = 'suspicious-consignment',
  RiskIndicator = 'risk-indicator',
  Alert = 'alert',
}

/** WCO CEN commodity groups. */
export enum CommodityCategory {
  Drugs = 'drugs',
  Tobacco = 'tobacco',
  Alcohol = 'alcohol',
  WildlifeCites = 'wildlife-cites',
  Ipr = 'ipr',
  Weapons = 'weapons',
  Currency = 'currency',
  Precursors = 'precursors',
  Waste = 'waste',
  CulturalGoods = 'cultural-goods',
  Medicines = 'medicines',
  OzoneDepletingSubstances = 'ozone-depleting-substances',
  Other = 'other',
}

/** Traffic Light Protocol 2.0. */
export enum Tlp {
  Clear = 'clear',
  Green = 'green',
  Amber = 'amber',
  AmberStrict = 'amber+strict',
  Red = 'red',
}

/** Who may see a report beyond its originator. */
export enum DistributionLevel {
  OriginatorOnly = 'originator-only',
  NamedMembers = 'named-members',
  OperationParticipants = 'operation-participants',
  AllMembers = 'all-members',
}

export enum IndicatorKind {
  ContainerNumber = 'container-number',
  VesselImo = 'vessel-imo',
  FlightNumber = 'flight-number',
  VehicleRegistration = 'vehicle-registration',
  Company = 'company',
  HsCode = 'hs-code',
  Route = 'route',
  ConcealmentMethod = 'concealment-method',
  /** Air waybill, bill of lading or courier tracking number. */
  TransportDocument = 'transport-document',
}

export enum AccessKind {
  Detail = 'detail',
  /** A past version read by number. */
  Version = 'version',
  List = 'list',
  Export = 'export',
}

export enum FeedbackOutcome {
  Useful = 'useful',
  NotUseful = 'not-useful',
  LedToSeizure = 'led-to-seizure',
  UnderInvestigation = 'under-investigation',
  /** Sightings (MISP-style): the indicator was seen, hit a target, led to a seizure, or was a false positive. */
  Seen = 'seen',
  Hit = 'hit',
  Seized = 'seized',
  FalsePositive = 'false-positive',
}

export enum OperationChange {
  Created = 'created',
  Updated = 'updated',
  ParticipantAdmitted = 'participant-admitted',
  ParticipantRemoved = 'participant-removed',
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
