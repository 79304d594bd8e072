import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { THEMATIC_AREAS } from '../domain/assistance.codes';
import type { ThematicArea } from '../domain/assistance.codes';
import { estimateCents } from '../events/assistance-events';
import type { MissionRow } from '../missions/missions.repository';

/*
 * IATI 2.03 activity XML (https://iatistandard.org/en/iati-standard/203/activity-standard/) of delivered missions,
 * one iati-activity each, in the element order the XSD's sequence demands. WCO's organisation identifier is a
 * placeholder until the Secretariat registers one with IATI.
 */

export const IATI_REPORTING_ORG_REF = 'XI-IATI-WCO';
const WCO_NAME = 'World Customs Organization';

/** Request state -> IATI ActivityStatus code list: 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
export function iatiActivityStatus(requestState: string, missionState: string): string {
  if (missionState === 'cancelled' || requestState === 'cancelled') return '5';
  if (requestState === 'closed') return '4';
  if (requestState === 'on_hold') return '6';
  if (missionState === 'delivered') return '3';
  return '2';
}

/** OECD DAC 5-digit purpose codes: SP7 standards work is trade facilitation, SP8 public-administration capacity. */
export function dacSectorOf(area: string): string {
  return THEMATIC_AREAS[area as ThematicArea]?.programme === 'SP8' ? '15110' : '33120';
}

const euros = (cents: number): string => (cents / 100).toFixed(2);

export interface IatiIndicator {
  name: string;
  baseline: string;
  baselineDate: string;
  target: string;
  targetDate: string;
  actual?: string;
  actualDate?: string;
}

export interface IatiMission {
  mission: MissionRow;
  requestState: string;
  /** The request's evaluation indicators, exported as one outcome result. */
  indicators?: IatiIndicator[];
}

export function buildIatiActivities(missions: IatiMission[], generatedAt: Date): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', {
    version: '2.03',
    'generated-datetime': generatedAt.toISOString(),
  });
  for (const { mission: m, requestState, indicators } of missions) activity(root, m, requestState, indicators ?? []);
  return root.end({ prettyPrint: true });
}

function narrative(parent: XMLBuilder, name: string, text: string, attributes: Record<string, string> = {}): XMLBuilder {
  return parent.ele(name, attributes).ele('narrative').txt(text).up().up();
}

function activity(root: XMLBuilder, m: MissionRow, requestState: string, indicators: IatiIndicator[]): void {
  const a = root.ele('iati-activity', { 'last-updated-datetime': m.updated_at.toISOString(), 'xml:lang': 'en', 'default-currency': 'EUR' });
  a.ele('iati-identifier').txt(`${IATI_REPORTING_ORG_REF}-${m.id}`);
  narrative(a, 'reporting-org', WCO_NAME, { ref: IATI_REPORTING_ORG_REF, type: '40' });
  narrative(a, 'title', m.title);
  narrative(
    a,
    'description',
    `${m.kind.replaceAll('_', ' ')} on ${THEMATIC_AREAS[m.thematic_area as ThematicArea]?.label ?? m.thematic_area} in ${m.location}`,
    { type: '1' },
  );
  // Roles: 1 funding, 3 extending, 4 implementing. The beneficiary administration is the recipient country.
  narrative(a, 'participating-org', WCO_NAME, { ref: IATI_REPORTING_ORG_REF, role: '1', type: '40' });
  narrative(a, 'participating-org', WCO_NAME, { ref: IATI_REPORTING_ORG_REF, role: '4', type: '40' });
  narrative(a, 'participating-org', `Customs administration of ${m.member}`, { role: '3', type: '10' });
  a.ele('activity-status', { code: iatiActivityStatus(requestState, m.state) });
  // activity-date types: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
  a.ele('activity-date', { type: '1', 'iso-date': m.start_date });
  a.ele('activity-date', { type: '3', 'iso-date': m.end_date });
  if (m.state === 'delivered') {
    a.ele('activity-date', { type: '2', 'iso-date': m.start_date });
    a.ele('activity-date', { type: '4', 'iso-date': m.end_date });
  }
  a.ele('recipient-country', { code: m.member, percentage: '100' });
  a.ele('sector', { vocabulary: '1', code: dacSectorOf(m.thematic_area), percentage: '100' });
  const estimate = estimateCents(m);
  const b = a.ele('budget', { type: '1', status: '2' });
  b.ele('period-start', { 'iso-date': m.start_date });
  b.ele('period-end', { 'iso-date': m.end_date });
  b.ele('value', { currency: 'EUR', 'value-date': m.start_date }).txt(euros(estimate));
  // Transactions from the saga: 2 outgoing commitment once funded, 4 expenditure once the actual cost is posted.
  if (['funded', 'posting', 'posted'].includes(m.funding_status)) transaction(a, '2', m.start_date, estimate);
  if (m.actual_cents !== null && ['posting', 'posted'].includes(m.funding_status)) transaction(a, '4', m.end_date, Number(m.actual_cents));
  if (indicators.length > 0) result(a, indicators);
}

/**
 * One outcome result (type 2) with the evaluation's indicators. The values are free text ("42%"), so each indicator
 * is qualitative (measure 5) and carries its values as comments, which 2.03 allows without a numeric @value.
 */
function result(a: XMLBuilder, indicators: IatiIndicator[]): void {
  const r = a.ele('result', { type: '2' });
  narrative(r, 'title', 'Outcomes measured at evaluation');
  for (const i of indicators) {
    const ind = r.ele('indicator', { measure: '5' });
    narrative(ind, 'title', i.name);
    narrative(ind.ele('baseline', { year: i.baselineDate.slice(0, 4), 'iso-date': i.baselineDate }), 'comment', i.baseline);
    const period = ind.ele('period');
    period.ele('period-start', { 'iso-date': i.baselineDate });
    period.ele('period-end', { 'iso-date': i.targetDate });
    narrative(period.ele('target'), 'comment', i.target);
    if (i.actual) narrative(period.ele('actual'), 'comment', i.actualDate ? `${i.actual} (measured ${i.actualDate})` : i.actual);
  }
}

function transaction(a: XMLBuilder, type: string, date: string, cents: number): void {
  const t = a.ele('transaction');
  t.ele('transaction-type', { code: type });
  t.ele('transaction-date', { 'iso-date': date });
  t.ele('value', { currency: 'EUR', 'value-date': date }).txt(euros(cents));
}
