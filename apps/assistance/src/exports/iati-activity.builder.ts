import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { THEMATIC_AREAS } from '../domain/assistance.codes';
import type { ThematicArea } from '../domain/assistance.codes';
import { estimateCents } from '../events/assistance-events';
import type { MissionRow, MissionState } from '../missions/missions.repository';
import type { RequestRow } from '../requests/requests.repository';

/*
 * IATI 2.03 activity XML (https://iatistandard.org/en/iati-standard/203/activity-standard/), in the element order
 * the XSD's sequence demands. Two levels: a request is the parent activity (hierarchy 1, from its approval: the
 * IATI pipeline), its missions from their planning on (not cancelled) the child activities (hierarchy 2), linked
 * both ways by related-activity.
 * The evaluation's result indicators are the request's results (one evaluation per request; repeating them on each
 * mission would count them twice); the money (budget, saga transactions) is the missions'. WCO's organisation
 * identifier is a placeholder until the Secretariat registers one with IATI.
 */

export const IATI_REPORTING_ORG_REF = 'XI-IATI-WCO';
const WCO_NAME = 'World Customs Organization';

/** Request states in which a request is an IATI activity: from its approval on (on hold and cancelled: if it was approved). */
export const IATI_REQUEST_STATES = ['approved', 'mission_planning', 'scheduled', 'in_delivery', 'delivered', 'evaluation', 'closed'];

export const iatiMissionIdentifier = (missionId: string): string => `${IATI_REPORTING_ORG_REF}-${missionId}`;
export const iatiRequestIdentifier = (requestId: string): string => `${IATI_REPORTING_ORG_REF}-REQ-${requestId}`;

/** Mission states exported as child activities: every mission that is not cancelled, from its planning on. */
export const IATI_MISSION_STATES: MissionState[] = ['planned', 'scheduled', 'in_delivery', 'delivered'];

/**
 * Mission (and its request's) state -> IATI ActivityStatus: 1 pipeline (planned), 2 implementation (scheduled, in
 * delivery), 3 finalisation (delivered), 4 closed, 5 cancelled, 6 suspended (its request on hold).
 */
export function iatiActivityStatus(requestState: string, missionState: string): string {
  if (missionState === 'cancelled' || requestState === 'cancelled') return '5';
  if (requestState === 'closed') return '4';
  if (requestState === 'on_hold') return '6';
  if (missionState === 'delivered') return '3';
  if (missionState === 'planned') return '1';
  return '2';
}

/** Request state -> IATI ActivityStatus: 1 pipeline/identification until a mission is scheduled, then 2..6. */
export function iatiRequestStatus(requestState: string): string {
  switch (requestState) {
    case 'approved':
    case 'mission_planning':
      return '1';
    case 'scheduled':
    case 'in_delivery':
      return '2';
    case 'delivered':
    case 'evaluation':
      return '3';
    case 'closed':
      return '4';
    case 'cancelled':
      return '5';
    case 'on_hold':
      return '6';
    default:
      throw new Error(`a request in ${requestState} is not an IATI activity`);
  }
}

/** OECD DAC 5-digit purpose codes: SP7 standards work is trade facilitation, SP8 public-administration capacity. */
export function dacSectorOf(area: string): string {
  return THEMATIC_AREAS[area as ThematicArea]?.programme === 'SP8' ? '15110' : '33120';
}

/** IATI IndicatorMeasure codes. */
const MEASURE_CODES: Record<string, string> = { unit: '1', percentage: '2', qualitative: '5' };

const euros = (cents: number): string => (cents / 100).toFixed(2);

export interface IatiIndicator {
  name: string;
  baseline: string;
  baselineDate: string;
  target: string;
  targetDate: string;
  actual?: string;
  actualDate?: string;
  measure?: 'unit' | 'percentage' | 'qualitative';
  ascending?: boolean;
  periods?: { start: string; end: string; target: string; actual?: string }[];
}

export interface IatiRequest {
  request: Pick<
    RequestRow,
    'id' | 'member' | 'kind' | 'thematic_area' | 'title' | 'objectives' | 'state' | 'period_start' | 'period_end' | 'updated_at'
  >;
  /** Its missions that are not cancelled: the request's budget is their estimate. */
  liveMissions: MissionRow[];
  /** The missions exported as its child activities. */
  childMissionIds: string[];
  /** The evaluation's indicators, exported as one outcome result. */
  indicators: IatiIndicator[];
}

export interface IatiMission {
  mission: MissionRow;
  requestState: string;
  /** The request's activity, when exported: the mission's parent. */
  parentRequestId?: string;
}

export function buildIatiActivities(requests: IatiRequest[], missions: IatiMission[], generatedAt: Date): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', {
    version: '2.03',
    'generated-datetime': generatedAt.toISOString(),
  });
  for (const r of requests) requestActivity(root, r);
  for (const m of missions) missionActivity(root, m);
  return root.end({ prettyPrint: true });
}

function narrative(parent: XMLBuilder, name: string, text: string, attributes: Record<string, string> = {}): XMLBuilder {
  return parent.ele(name, attributes).ele('narrative').txt(text).up().up();
}

/** What a request and a mission activity share: identifier, organisations (reporting, funding, implementing, extending). */
function header(
  root: XMLBuilder,
  identifier: string,
  hierarchy: string,
  updatedAt: Date,
  title: string,
  descriptions: [string, string][],
  member: string,
) {
  const a = root.ele('iati-activity', {
    'last-updated-datetime': updatedAt.toISOString(),
    'xml:lang': 'en',
    'default-currency': 'EUR',
    hierarchy,
  });
  a.ele('iati-identifier').txt(identifier);
  narrative(a, 'reporting-org', WCO_NAME, { ref: IATI_REPORTING_ORG_REF, type: '40' });
  narrative(a, 'title', title);
  for (const [type, text] of descriptions) narrative(a, 'description', text, { type });
  // Roles: 1 funding, 3 extending, 4 implementing. The beneficiary administration is the recipient country.
  narrative(a, 'participating-org', WCO_NAME, { ref: IATI_REPORTING_ORG_REF, role: '1', type: '40' });
  narrative(a, 'participating-org', WCO_NAME, { ref: IATI_REPORTING_ORG_REF, role: '4', type: '40' });
  narrative(a, 'participating-org', `Customs administration of ${member}`, { role: '3', type: '10' });
  return a;
}

const areaLabel = (area: string): string => THEMATIC_AREAS[area as ThematicArea]?.label ?? area;

function requestActivity(root: XMLBuilder, { request: r, liveMissions, childMissionIds, indicators }: IatiRequest): void {
  const a = header(
    root,
    iatiRequestIdentifier(r.id),
    '1',
    r.updated_at,
    r.title,
    [
      ['1', `${r.kind.replaceAll('_', ' ')} on ${areaLabel(r.thematic_area)} requested by the customs administration of ${r.member}`],
      ['2', r.objectives],
    ],
    r.member,
  );
  const status = iatiRequestStatus(r.state);
  a.ele('activity-status', { code: status });
  a.ele('activity-date', { type: '1', 'iso-date': r.period_start });
  a.ele('activity-date', { type: '3', 'iso-date': r.period_end });
  const delivering = liveMissions.filter((m) => m.state === 'in_delivery' || m.state === 'delivered');
  if (delivering.length > 0) a.ele('activity-date', { type: '2', 'iso-date': delivering.map((m) => m.start_date).sort()[0] });
  if (['3', '4'].includes(status)) {
    const ends = liveMissions
      .filter((m) => m.state === 'delivered')
      .map((m) => m.end_date)
      .sort();
    if (ends.length > 0) a.ele('activity-date', { type: '4', 'iso-date': ends[ends.length - 1] });
  }
  a.ele('recipient-country', { code: r.member, percentage: '100' });
  a.ele('sector', { vocabulary: '1', code: dacSectorOf(r.thematic_area), percentage: '100' });
  if (liveMissions.length > 0) {
    const starts = liveMissions.map((m) => m.start_date).sort();
    const ends = liveMissions.map((m) => m.end_date).sort();
    budget(
      a,
      starts[0],
      ends[ends.length - 1],
      liveMissions.reduce((sum, m) => sum + estimateCents(m), 0),
    );
  }
  // related-activity types: 1 parent, 2 child.
  for (const id of childMissionIds) a.ele('related-activity', { ref: iatiMissionIdentifier(id), type: '2' });
  if (indicators.length > 0) result(a, indicators);
}

function missionActivity(root: XMLBuilder, { mission: m, requestState, parentRequestId }: IatiMission): void {
  const a = header(
    root,
    iatiMissionIdentifier(m.id),
    '2',
    m.updated_at,
    m.title,
    [['1', `${m.kind.replaceAll('_', ' ')} on ${areaLabel(m.thematic_area)} in ${m.location}`]],
    m.member,
  );
  a.ele('activity-status', { code: iatiActivityStatus(requestState, m.state) });
  // activity-date types: 1 planned start, 2 actual start, 3 planned end, 4 actual end. The actual dates once they
  // happen: the start when the mission is in delivery, the end when it is delivered.
  a.ele('activity-date', { type: '1', 'iso-date': m.start_date });
  a.ele('activity-date', { type: '3', 'iso-date': m.end_date });
  if (m.state === 'in_delivery' || m.state === 'delivered') a.ele('activity-date', { type: '2', 'iso-date': m.start_date });
  if (m.state === 'delivered') a.ele('activity-date', { type: '4', 'iso-date': m.end_date });
  a.ele('recipient-country', { code: m.member, percentage: '100' });
  a.ele('sector', { vocabulary: '1', code: dacSectorOf(m.thematic_area), percentage: '100' });
  const estimate = estimateCents(m);
  budget(a, m.start_date, m.end_date, estimate);
  // Transactions from the saga: 2 outgoing commitment once funded, 4 expenditure once the actual cost is posted.
  if (['funded', 'posting', 'posted'].includes(m.funding_status)) transaction(a, '2', m.start_date, estimate);
  if (m.actual_cents !== null && ['posting', 'posted'].includes(m.funding_status)) transaction(a, '4', m.end_date, Number(m.actual_cents));
  if (parentRequestId) a.ele('related-activity', { ref: iatiRequestIdentifier(parentRequestId), type: '1' });
}

function budget(a: XMLBuilder, start: string, end: string, cents: number): void {
  const b = a.ele('budget', { type: '1', status: '2' });
  b.ele('period-start', { 'iso-date': start });
  b.ele('period-end', { 'iso-date': end });
  b.ele('value', { currency: 'EUR', 'value-date': start }).txt(euros(cents));
}

/**
 * One outcome result (type 2) with the evaluation's indicators. A numeric indicator (measure 1 unit, 2 percentage)
 * carries its baseline, targets and actuals as @value; a qualitative one (5) carries them as comments. Periods are
 * the indicator's own, or one from the baseline date to the target date.
 */
function result(a: XMLBuilder, indicators: IatiIndicator[]): void {
  const r = a.ele('result', { type: '2' });
  narrative(r, 'title', 'Outcomes measured at evaluation');
  for (const i of indicators) {
    const measure = i.measure ?? 'qualitative';
    const numeric = measure !== 'qualitative';
    const ind = r.ele('indicator', {
      measure: MEASURE_CODES[measure],
      ...(i.ascending === undefined ? {} : { ascending: i.ascending ? '1' : '0' }),
    });
    narrative(ind, 'title', i.name);
    const value = (v: string): Record<string, string> => (numeric ? { value: v } : {});
    const baseline = ind.ele('baseline', { year: i.baselineDate.slice(0, 4), 'iso-date': i.baselineDate, ...value(i.baseline) });
    if (!numeric) narrative(baseline, 'comment', i.baseline);
    const periods: { start: string; end: string; target: string; actual?: string; measuredOn?: string }[] = i.periods?.length
      ? i.periods
      : [{ start: i.baselineDate, end: i.targetDate, target: i.target, actual: i.actual, measuredOn: i.actualDate }];
    for (const p of periods) {
      const period = ind.ele('period');
      period.ele('period-start', { 'iso-date': p.start });
      period.ele('period-end', { 'iso-date': p.end });
      const target = period.ele('target', value(p.target));
      if (!numeric) narrative(target, 'comment', p.target);
      if (p.actual === undefined) continue;
      const actual = period.ele('actual', value(p.actual));
      const measured = p.measuredOn ? ` (measured ${p.measuredOn})` : '';
      if (!numeric) narrative(actual, 'comment', `${p.actual}${measured}`);
      else if (measured) narrative(actual, 'comment', `Measured on ${p.measuredOn}`);
    }
  }
}

function transaction(a: XMLBuilder, type: string, date: string, cents: number): void {
  const t = a.ele('transaction');
  t.ele('transaction-type', { code: type });
  t.ele('transaction-date', { 'iso-date': date });
  t.ele('value', { currency: 'EUR', 'value-date': date }).txt(euros(cents));
}
