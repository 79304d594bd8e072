import { CommodityCategory, DistributionLevel, FeedbackKind, OperationState, Tlp, TLP_LEVELS } from '../domain/code-lists';
import { extractIndicators, Indicator } from '../domain/indicators';
import { ReportSubmission, RoutePoint, StoredReport } from '../domain/report.types';
import { scoId, stixId } from './stix-ids';
import { reportTypeFromStix, stixReportTypes, TRANSPORT_DOCUMENT_KIND_VOCABULARY, transportDocumentKindFromStix } from './stix-vocabulary';
import { stricterTlp, TlpMarkingDefinition, tlp2ExtensionDefinition, tlpFromMarkingRefs, tlpMarkingDefinition } from './tlp-markings';

// STIX 2.1 export of reports and operations, and import of a bundle as a report draft. The mapping is described
// in ./README.md; in short: a `report` SDO per report version whose `x-wco-customs` property extension carries every
// field without a STIX home, plus standard projections (identity, location, observed-data with custom SCOs,
// indicators, sightings) for tools that know nothing of the extension.

export type StixObject = { type: string; id: string } & Record<string, unknown>;

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export const WCO_EXTENSION_NAME = 'x-wco-customs';
export const WCO_EXTENSION_VERSION = '1.0.0';
export const WCO_EXTENSION_ID = stixId('extension-definition', WCO_EXTENSION_NAME);
/** The new SCO types the extension defines; STIX has no observables for customs identifiers. */
export const WCO_SCO_TYPES = ['wco-container', 'wco-vessel', 'wco-transport-document', 'wco-vehicle'] as const;

const TLP_ORDER: readonly Tlp[] = TLP_LEVELS;

/** created/modified of the reference objects shared by every bundle (platform, Members, places, the extension). */
const REFERENCE_TIMESTAMP = '2025-01-01T00:00:00.000Z';
const PLATFORM_IDENTITY_ID = stixId('identity', 'platform', 'wco-intel-exchange');

export interface ReportFeedback {
  id: string;
  kind: FeedbackKind;
  /** Absent when the feedback was given anonymously. */
  member?: string;
  at: string;
}

export interface ReportExportOptions {
  /** Only when the caller may see the personal-data section (access-policy canSeePersonalData). */
  includePersonalData: boolean;
  feedback?: readonly ReportFeedback[];
}

export interface OperationExportFacts {
  id: string;
  name: string;
  coordinatorMember: string;
  participantMembers: readonly string[];
  state: OperationState;
  commodityFocus?: readonly CommodityCategory[];
  startsOn?: string;
  endsOn?: string;
  createdAt: string;
  updatedAt: string;
}

/** A bundle the mapping cannot turn into a draft; stix-import.ts answers it as StixImportRefusedError. */
export class StixImportError extends Error {
  /** `field`: the request field at fault, as problem details name it (the body, or the `reportId` query). */
  constructor(
    message: string,
    readonly field = '(body)',
  ) {
    super(message);
  }
}

function ts(value: string): string {
  return new Date(value).toISOString();
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function mapKeys(value: unknown, fn: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [fn(k), mapKeys(v, fn)]),
    );
  }
  return value;
}

function withExtension(properties: Record<string, unknown>, type = 'property-extension'): Record<string, unknown> {
  return { [WCO_EXTENSION_ID]: { extension_type: type, ...properties } };
}

function memberIdentity(member: string): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: stixId('identity', 'member', member),
    created: REFERENCE_TIMESTAMP,
    modified: REFERENCE_TIMESTAMP,
    created_by_ref: PLATFORM_IDENTITY_ID,
    name: `Customs administration ${member}`,
    identity_class: 'organization',
    extensions: withExtension({ member_code: member }),
  };
}

function platformIdentity(): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: PLATFORM_IDENTITY_ID,
    created: REFERENCE_TIMESTAMP,
    modified: REFERENCE_TIMESTAMP,
    name: 'World Customs Organization intel-exchange',
    identity_class: 'system',
  };
}

export function wcoExtensionDefinition(): StixObject {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: WCO_EXTENSION_ID,
    created: REFERENCE_TIMESTAMP,
    modified: REFERENCE_TIMESTAMP,
    created_by_ref: PLATFORM_IDENTITY_ID,
    name: WCO_EXTENSION_NAME,
    description:
      'WCO customs enforcement data: report fields without a STIX property (goods, conveyance, route, parties, ' +
      'grading, distribution, retention, personal data), Member codes, UN/LOCODEs, feedback kinds, and the ' +
      'observables wco-container, wco-vessel, wco-transport-document, wco-vehicle.',
    schema: 'https://github.com/wcoomd/platform/blob/main/apps/intel-exchange/src/stix/README.md',
    version: WCO_EXTENSION_VERSION,
    extension_types: ['property-extension', 'new-sco'],
  };
}

function location(point: RoutePoint): StixObject {
  if (point.place) {
    return {
      type: 'location',
      spec_version: '2.1',
      id: stixId('location', 'unlocode', point.place),
      created: REFERENCE_TIMESTAMP,
      modified: REFERENCE_TIMESTAMP,
      created_by_ref: PLATFORM_IDENTITY_ID,
      name: point.place,
      country: point.country,
      extensions: withExtension({ un_locode: point.place }),
    };
  }
  return {
    type: 'location',
    spec_version: '2.1',
    id: stixId('location', 'country', point.country),
    created: REFERENCE_TIMESTAMP,
    modified: REFERENCE_TIMESTAMP,
    created_by_ref: PLATFORM_IDENTITY_ID,
    name: point.country,
    country: point.country,
  };
}

function sco(type: (typeof WCO_SCO_TYPES)[number], properties: Record<string, string>): StixObject {
  return {
    type,
    spec_version: '2.1',
    id: scoId(type, properties),
    ...properties,
    extensions: withExtension({}, 'new-sco'),
  };
}

/** The observable and the STIX pattern for the identifiers that have one. */
function observableFor(ind: Indicator): { sco: StixObject; pattern: string; name: string } | undefined {
  const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  switch (ind.kind) {
    case 'container':
      return {
        sco: sco('wco-container', { number: ind.normalised }),
        pattern: `[wco-container:number = ${quote(ind.normalised)}]`,
        name: `Container ${ind.normalised}`,
      };
    case 'vessel_imo':
      return {
        sco: sco('wco-vessel', { imo_number: ind.normalised }),
        pattern: `[wco-vessel:imo_number = ${quote(ind.normalised)}]`,
        name: `Vessel IMO ${ind.normalised}`,
      };
    case 'air_waybill':
    case 'bill_of_lading':
    case 'courier_tracking': {
      const kind = TRANSPORT_DOCUMENT_KIND_VOCABULARY[ind.kind];
      return {
        sco: sco('wco-transport-document', { document_kind: kind, number: ind.normalised }),
        pattern:
          `[wco-transport-document:document_kind = ${quote(kind)} AND ` + `wco-transport-document:number = ${quote(ind.normalised)}]`,
        name: `${ind.kind.replace(/_/g, ' ')} ${ind.normalised}`,
      };
    }
    case 'vehicle_registration':
      return {
        sco: sco('wco-vehicle', { registration: ind.normalised }),
        pattern: `[wco-vehicle:registration = ${quote(ind.normalised)}]`,
        name: `Vehicle ${ind.normalised}`,
      };
    default:
      return undefined;
  }
}

/** STIX 2.1 Appendix A: Admiralty information credibility to STIX confidence. 6 (cannot be judged) has none. */
const ADMIRALTY_CONFIDENCE: Readonly<Record<number, number | undefined>> = { 1: 90, 2: 70, 3: 50, 4: 30, 5: 10 };

/** Submission fields without a STIX property of the report SDO; type and tlp live in report_types and markings. */
function extensionFields(report: StoredReport, includePersonalData: boolean): Record<string, unknown> {
  const { type: _type, tlp: _tlp, personalData, personalDataReleasedTo, ...rest } = toSubmission(report);
  const fields: Record<string, unknown> = {
    report_id: report.id,
    report_version: report.version,
    originator_member: report.originatorMember,
    ...(mapKeys(rest, snake) as Record<string, unknown>),
  };
  if (includePersonalData && personalData) {
    fields['personal_data'] = mapKeys(personalData, snake);
    if (personalDataReleasedTo?.length) fields['personal_data_released_to'] = personalDataReleasedTo;
  }
  // The STIX schema forbids empty arrays as top-level extension properties; absent and empty mean the same here.
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
}

function toSubmission(report: StoredReport): ReportSubmission {
  const {
    id: _id,
    version: _version,
    originatorMember: _originator,
    submittedBy: _by,
    createdAt: _created,
    versionCreatedAt: _versionCreated,
    ...submission
  } = report;
  return submission;
}

function reportObjects(report: StoredReport, options: ReportExportOptions): { reportId: string; objects: StixObject[] } {
  const marking = tlpMarkingDefinition(report.tlp).id;
  const originator = memberIdentity(report.originatorMember);
  // STIX versioning (§3.6): every version of a report is the same STIX object, with `created` = the first
  // submission and `modified` = this version's time; so its ids come from the report id alone, never the version.
  const key = [report.id] as const;
  const created = ts(report.createdAt);
  const modified = ts(report.versionCreatedAt);
  const sdoCommon = { spec_version: '2.1', created, modified, created_by_ref: originator.id, object_marking_refs: [marking] };

  const places = [
    { country: report.whenWhere.country, place: report.whenWhere.place },
    ...[report.route?.origin, report.route?.departure, ...(report.route?.transit ?? []), report.route?.destination].filter(
      (p): p is RoutePoint => !!p,
    ),
  ].map(location);

  const observables = extractIndicators(report)
    .map((ind) => ({ ind, obs: observableFor(ind) }))
    .filter((x): x is { ind: Indicator; obs: NonNullable<ReturnType<typeof observableFor>> } => !!x.obs);
  const scos = observables.map(({ obs }) => ({ ...obs.sco, object_marking_refs: [marking] }));

  const observed: StixObject[] = scos.length
    ? [
        {
          type: 'observed-data',
          id: stixId('observed-data', ...key),
          ...sdoCommon,
          first_observed: ts(report.whenWhere.detectedAt),
          last_observed: ts(report.whenWhere.detectedAt),
          number_observed: 1,
          object_refs: scos.map((s) => s.id),
        },
      ]
    : [];

  const indicators: StixObject[] = observables.map(({ ind, obs }) => ({
    type: 'indicator',
    id: stixId('indicator', ...key, ind.hash),
    ...sdoCommon,
    name: obs.name,
    indicator_types: [report.type === 'seizure' ? 'malicious-activity' : 'anomalous-activity'],
    pattern: obs.pattern,
    pattern_type: 'stix',
    valid_from: modified,
  }));

  const reportSdoId = stixId('report', ...key);
  const sightings: StixObject[] = (options.feedback ?? []).map((f) => ({
    type: 'sighting',
    spec_version: '2.1',
    id: stixId('sighting', f.id),
    created: ts(f.at),
    modified: ts(f.at),
    ...(f.member ? { created_by_ref: memberIdentity(f.member).id, where_sighted_refs: [memberIdentity(f.member).id] } : {}),
    object_marking_refs: [marking],
    first_seen: ts(f.at),
    last_seen: ts(f.at),
    count: 1,
    sighting_of_ref: reportSdoId,
    extensions: withExtension({ feedback_kind: f.kind, feedback_id: f.id }),
  }));
  const feedbackIdentities = (options.feedback ?? []).filter((f) => f.member).map((f) => memberIdentity(f.member as string));

  const confidence = ADMIRALTY_CONFIDENCE[report.grading.informationCredibility];
  const reportSdo: StixObject = {
    type: 'report',
    id: reportSdoId,
    ...sdoCommon,
    created,
    name: `${report.type.replace(/_/g, ' ')} ${report.whenWhere.country} ${report.whenWhere.detectedAt.slice(0, 10)}`,
    report_types: stixReportTypes(report.type),
    published: modified,
    ...(confidence !== undefined ? { confidence } : {}),
    // The place of detection is often also a route point (the destination): one reference per object.
    object_refs: [...new Set([...places.map((p) => p.id), ...observed.map((o) => o.id), ...indicators.map((i) => i.id)])],
    extensions: withExtension(extensionFields(report, options.includePersonalData)),
  };

  return {
    reportId: reportSdoId,
    objects: [originator, ...feedbackIdentities, ...places, ...scos, ...observed, ...indicators, reportSdo, ...sightings],
  };
}

function commonObjects(tlps: readonly Tlp[]): StixObject[] {
  const markings: TlpMarkingDefinition[] = [...new Set(tlps)].map(tlpMarkingDefinition);
  // The TLP 2.0 markings are property extensions of the TLP 2.0 extension-definition: a bundle that uses them
  // carries that definition too, as published.
  return [
    platformIdentity(),
    wcoExtensionDefinition(),
    ...(markings.length ? [tlp2ExtensionDefinition() as unknown as StixObject] : []),
    ...(markings as unknown as StixObject[]),
  ];
}

function markingTlp(o: StixObject): Tlp | undefined {
  return Array.isArray(o['object_marking_refs']) ? tlpFromMarkingRefs(o['object_marking_refs'] as string[]) : undefined;
}

/**
 * One object per id. An observable shared by several reports (the same container) keeps the copy with the most
 * restrictive marking, so that the bundle never labels it more openly than any report that carries it.
 */
function dedupe(objects: readonly StixObject[]): StixObject[] {
  const kept = new Map<string, StixObject>();
  for (const o of objects) {
    const previous = kept.get(o.id);
    const rank = (x: StixObject) => TLP_ORDER.indexOf(markingTlp(x) ?? 'CLEAR');
    if (!previous || rank(o) > rank(previous)) kept.set(o.id, o);
  }
  return [...kept.values()];
}

/** One report version as a STIX 2.1 bundle. Decide includePersonalData with the access policy, not here. */
export function exportReport(report: StoredReport, options: ReportExportOptions): StixBundle {
  const { objects } = reportObjects(report, options);
  return {
    type: 'bundle',
    id: stixId('bundle', 'report', report.id, report.version, options.includePersonalData ? 'pd' : 'no-pd'),
    objects: dedupe([...commonObjects([report.tlp]), ...objects]),
  };
}

/**
 * An operation as a grouping of the reports the caller may export (filter them with canExport first). The grouping
 * is marked with the most restrictive TLP among its reports, since it lists them.
 */
export function exportOperation(
  operation: OperationExportFacts,
  reports: readonly { report: StoredReport; includePersonalData: boolean }[],
): StixBundle {
  const parts = reports.map(({ report, includePersonalData }) => reportObjects(report, { includePersonalData }));
  const tlps = reports.map(({ report }) => report.tlp);
  const groupingTlp = tlps.reduce<Tlp>((a, b) => (TLP_ORDER.indexOf(b) > TLP_ORDER.indexOf(a) ? b : a), 'GREEN');
  const coordinator = memberIdentity(operation.coordinatorMember);
  const grouping: StixObject = {
    type: 'grouping',
    spec_version: '2.1',
    id: stixId('grouping', 'operation', operation.id),
    created: ts(operation.createdAt),
    modified: ts(operation.updatedAt),
    created_by_ref: coordinator.id,
    name: operation.name,
    context: 'suspicious-activity',
    object_marking_refs: [tlpMarkingDefinition(groupingTlp).id],
    object_refs: [coordinator.id, ...parts.map((p) => p.reportId)],
    extensions: withExtension(
      Object.fromEntries(
        Object.entries({
          operation_id: operation.id,
          coordinator_member: operation.coordinatorMember,
          participant_members: [...operation.participantMembers],
          state: operation.state,
          commodity_focus: operation.commodityFocus ? [...operation.commodityFocus] : undefined,
          starts_on: operation.startsOn,
          ends_on: operation.endsOn,
        }).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
      ),
    ),
  };
  return {
    type: 'bundle',
    id: stixId('bundle', 'operation', operation.id, operation.updatedAt, ...reports.map((r) => `${r.report.id}:${r.report.version}`)),
    objects: dedupe([...commonObjects([groupingTlp, ...tlps]), coordinator, grouping, ...parts.flatMap((p) => p.objects)]),
  };
}

/** Something the analyst must look at: a field the bundle did not provide, or a conflict that was resolved. */
export interface ImportWarning {
  /** The draft field concerned (dotted path), e.g. `tlp` or `conveyance.transportMode`. */
  field: string;
  reason: string;
}

export interface ReportDraftImport {
  /** Plain JSON in the shape of a report submission; run it through validateReport before using it. */
  draft: Record<string, unknown>;
  /** What could not be taken from the bundle, and conflicts resolved in favour of the stricter handling. */
  warnings: ImportWarning[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Extension properties that describe the export, not the submission. */
const EXTENSION_METADATA = new Set(['extension_type', 'report_id', 'report_version', 'originator_member']);
/** Fields with a STIX home (report_types, object_marking_refs) or a rule of their own; never copied as they are. */
const EXTENSION_GUARDED = new Set(['type', 'tlp', 'distribution']);

/** Distribution levels from the narrowest; named_members before the open levels, since it lists every recipient. */
const DISTRIBUTION_ORDER: readonly DistributionLevel[] = ['originator_only', 'named_members', 'operation_participants', 'all_members'];

/** The levels a TLP label allows (report.dto's rule), from the narrowest. */
function levelsAllowedBy(tlp: Tlp): readonly DistributionLevel[] {
  if (tlp === 'RED') return ['named_members'];
  if (tlp === 'AMBER+STRICT') return ['originator_only', 'named_members'];
  return DISTRIBUTION_ORDER;
}

/**
 * The handling of an imported report: the TLP marking and the extension's `tlp` may disagree (a tampered or
 * careless bundle), and the extension's distribution may be wider than the TLP allows. The most restrictive TLP
 * wins, the distribution is narrowed until the TLP allows it, and each conflict is reported; nothing is widened.
 */
function importHandling(
  markingTlp: Tlp | undefined,
  wco: Record<string, unknown> | undefined,
  draft: Record<string, unknown>,
  warnings: ImportWarning[],
): void {
  const extTlp = wco?.['tlp'];
  const extensionTlp = TLP_LEVELS.find((t) => t === extTlp);
  if (extTlp !== undefined && !extensionTlp)
    warnings.push({ field: 'tlp', reason: `${WCO_EXTENSION_NAME} tlp ${JSON.stringify(extTlp)} is not a TLP 2.0 label; ignored` });
  if (!markingTlp) {
    // Without a marking nothing vouches for the label; the analyst chooses it rather than the extension alone.
    warnings.push({ field: 'tlp', reason: 'no TLP marking on the report; choose the TLP' });
  } else if (extensionTlp && extensionTlp !== markingTlp) {
    const kept = stricterTlp(markingTlp, extensionTlp);
    warnings.push({
      field: 'tlp',
      reason: `the TLP marking is ${markingTlp} and the ${WCO_EXTENSION_NAME} extension says ${extensionTlp}; the more restrictive, ${kept}, is kept`,
    });
    draft['tlp'] = kept;
  } else {
    draft['tlp'] = markingTlp;
  }

  const distribution = wco?.['distribution'];
  if (distribution === undefined) return;
  const tlp = draft['tlp'] as Tlp | undefined;
  const level = isRecord(distribution) ? DISTRIBUTION_ORDER.find((l) => l === distribution['level']) : undefined;
  if (!isRecord(distribution) || !level) {
    draft['distribution'] = mapKeys(distribution, camel);
    return; // validateReport names what is wrong with it
  }
  const allowed = levelsAllowedBy(tlp ?? 'RED');
  const rank = DISTRIBUTION_ORDER.indexOf(level);
  // Allowed, or narrower than anything the TLP allows (originator_only under RED): nothing to narrow; validateReport
  // says what the TLP requires.
  if (allowed.includes(level) || allowed.every((l) => DISTRIBUTION_ORDER.indexOf(l) > rank)) {
    draft['distribution'] = mapKeys(distribution, camel);
    return;
  }
  // The widest level the TLP allows that is not wider than the one asked for. named_members needs a list of
  // Members, which an open level does not have: it is chosen then only when the TLP allows nothing else (RED), and
  // the analyst names the recipients.
  const members =
    Array.isArray(distribution['members']) && distribution['members'].length ? { members: distribution['members'] } : undefined;
  const candidates = [...allowed].reverse().filter((l) => DISTRIBUTION_ORDER.indexOf(l) <= rank);
  const narrowed = candidates.find((l) => l !== 'named_members' || members) ?? candidates[0];
  draft['distribution'] = { level: narrowed, ...(narrowed === 'named_members' ? members : {}) };
  warnings.push({
    field: 'distribution',
    reason: `distribution ${level} is wider than TLP:${tlp ?? '(none)'} allows; narrowed to ${narrowed}`,
  });
}

/**
 * A STIX bundle as a report draft. Bundles from intel-exchange round-trip losslessly through the x-wco-customs
 * extension; other producers' bundles give what their standard objects say (TLP, report type, detection time and
 * country, containers, vessels, transport documents, vehicles) and warnings for the rest. Validate the bundle against
 * the STIX schemas first (stix-schemas.ts); this reads it, it does not check it.
 */
export function importReportDraft(bundle: unknown, stixReportId?: string): ReportDraftImport {
  if (!isRecord(bundle) || bundle['type'] !== 'bundle' || !Array.isArray(bundle['objects'])) {
    const field = !isRecord(bundle) ? '(body)' : bundle['type'] !== 'bundle' ? 'type' : 'objects';
    throw new StixImportError('not a STIX bundle: expected {"type":"bundle","objects":[...]}', field);
  }
  const objects = (bundle['objects'] as unknown[]).filter(isRecord) as StixObject[];
  const byId = new Map(objects.map((o) => [o.id, o]));
  const reports = objects.filter((o) => o.type === 'report' && (!stixReportId || o.id === stixReportId));
  if (reports.length !== 1) {
    throw new StixImportError(
      stixReportId
        ? `bundle holds no report ${stixReportId}`
        : reports.length === 0
          ? 'bundle holds no report'
          : `bundle holds ${reports.length} reports; name the one to import (reportId)`,
      stixReportId || reports.length > 1 ? 'reportId' : 'objects',
    );
  }
  const report = reports[0];
  const warnings: ImportWarning[] = [];
  const draft: Record<string, unknown> = {};

  const reportType = reportTypeFromStix(Array.isArray(report['report_types']) ? (report['report_types'] as unknown[]) : []);
  if (reportType) draft['type'] = reportType;
  else warnings.push({ field: 'type', reason: 'no WCO report type in report_types' });

  const markingTlp = tlpFromMarkingRefs(Array.isArray(report['object_marking_refs']) ? (report['object_marking_refs'] as string[]) : []);
  const extensions = isRecord(report['extensions']) ? report['extensions'] : {};
  const wco = isRecord(extensions[WCO_EXTENSION_ID]) ? (extensions[WCO_EXTENSION_ID] as Record<string, unknown>) : undefined;
  importHandling(markingTlp, wco, draft, warnings);

  if (wco) {
    if (wco['type'] !== undefined && wco['type'] !== draft['type']) {
      warnings.push({ field: 'type', reason: `${WCO_EXTENSION_NAME} type is ignored; the report type is read from report_types` });
    }
    for (const [key, value] of Object.entries(wco)) {
      if (!EXTENSION_METADATA.has(key) && !EXTENSION_GUARDED.has(key)) draft[camel(key)] = mapKeys(value, camel);
    }
    return { draft, warnings };
  }

  warnings.push({
    field: 'extensions',
    reason: `no ${WCO_EXTENSION_NAME} extension: goods, grading, distribution and retentionUntil must be completed`,
  });
  const refs = Array.isArray(report['object_refs']) ? (report['object_refs'] as string[]) : [];
  const referenced = refs.map((r) => byId.get(r)).filter((o): o is StixObject => !!o);
  const observed = referenced.find((o) => o.type === 'observed-data');
  const loc = referenced.find((o) => o.type === 'location' && typeof o['country'] === 'string');
  const whenWhere: Record<string, unknown> = {};
  if (observed && typeof observed['first_observed'] === 'string') whenWhere['detectedAt'] = observed['first_observed'];
  if (loc) whenWhere['country'] = String(loc['country']).toUpperCase();
  if (Object.keys(whenWhere).length) draft['whenWhere'] = whenWhere;
  const scos = (Array.isArray(observed?.['object_refs']) ? (observed?.['object_refs'] as string[]) : [])
    .map((r) => byId.get(r))
    .filter((o): o is StixObject => !!o);
  const conveyance: Record<string, unknown> = {};
  const containers = scos.filter((s) => s.type === 'wco-container').map((s) => ({ number: s['number'] }));
  const documents = scos
    .filter((s) => s.type === 'wco-transport-document')
    .map((s) => ({ kind: transportDocumentKindFromStix(s['document_kind']) ?? s['document_kind'], number: s['number'] }));
  const vehicles = scos.filter((s) => s.type === 'wco-vehicle').map((s) => ({ registration: s['registration'] }));
  const vessel = scos.find((s) => s.type === 'wco-vessel');
  if (containers.length) conveyance['containers'] = containers;
  if (documents.length) conveyance['transportDocuments'] = documents;
  if (vehicles.length) conveyance['vehicles'] = vehicles;
  if (vessel) conveyance['vesselImo'] = vessel['imo_number'];
  if (Object.keys(conveyance).length) {
    draft['conveyance'] = conveyance;
    warnings.push({ field: 'conveyance.transportMode', reason: 'must be completed' });
  }
  return { draft, warnings };
}
