import { createHash } from 'node:crypto';
import { ConcealmentMethod } from './code-lists';
import { ReportSubmission, RoutePoint } from './report.types';
import { normaliseHsCode, normaliseIdentifier, normaliseImoNumber } from './validators';

// Indicators are the structured identifiers two reports can share. They are taken only from coded or
// check-digit-validated fields, never from free text (descriptions, details, names), so that a match always means
// the same container, vessel, document, vehicle, company or pattern — and never "both mention cocaine".

export const INDICATOR_KINDS = [
  'container',
  'vessel_imo',
  'air_waybill',
  'bill_of_lading',
  'courier_tracking',
  'vehicle_registration',
  'company_identifier',
  'hs_heading_route',
  'concealment_route',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface Indicator {
  kind: IndicatorKind;
  /** As it appears in the report. */
  value: string;
  /** The form compared across reports. */
  normalised: string;
  /** sha256 hex of `kind:normalised`; what the database indexes and matches on. */
  hash: string;
}

/** Concealment codes too generic to say anything about a route. */
const UNINFORMATIVE_CONCEALMENT: readonly ConcealmentMethod[] = ['not_concealed', 'other'];

export function indicatorHash(kind: IndicatorKind, normalised: string): string {
  return createHash('sha256').update(`${kind}:${normalised}`).digest('hex');
}

function indicator(kind: IndicatorKind, value: string, normalised: string): Indicator {
  return { kind, value, normalised, hash: indicatorHash(kind, normalised) };
}

/** Origin → destination by country; falls back to the place of departure when the origin is unknown. */
function routePair(report: ReportSubmission): string | undefined {
  const from: RoutePoint | undefined = report.route?.origin ?? report.route?.departure;
  const to = report.route?.destination;
  return from && to ? `${from.country}>${to.country}` : undefined;
}

/** Every indicator of a (validated) report, each once, in a stable order. */
export function extractIndicators(report: ReportSubmission): Indicator[] {
  const found: Indicator[] = [];
  const c = report.conveyance;
  for (const container of c?.containers ?? []) {
    found.push(indicator('container', container.number, normaliseIdentifier(container.number)));
  }
  if (c?.vesselImo) found.push(indicator('vessel_imo', c.vesselImo, normaliseImoNumber(c.vesselImo)));
  for (const doc of c?.transportDocuments ?? []) {
    found.push(indicator(doc.kind, doc.number, normaliseIdentifier(doc.number)));
  }
  for (const vehicle of c?.vehicles ?? []) {
    found.push(indicator('vehicle_registration', vehicle.registration, normaliseIdentifier(vehicle.registration)));
  }
  for (const company of report.companies ?? []) {
    if (!company.identifier) continue;
    const id = normaliseIdentifier(company.identifier.value);
    found.push(indicator('company_identifier', `${company.country} ${company.identifier.value}`, `${company.country}:${id}`));
  }
  const pair = routePair(report);
  if (pair) {
    for (const item of report.goods) {
      if (!item.hsCode) continue;
      const heading = normaliseHsCode(item.hsCode).slice(0, 4);
      found.push(indicator('hs_heading_route', `${heading} ${pair}`, `${heading}:${pair}`));
    }
    const concealment = report.concealment?.code;
    if (concealment && !UNINFORMATIVE_CONCEALMENT.includes(concealment)) {
      found.push(indicator('concealment_route', `${concealment} ${pair}`, `${concealment}:${pair}`));
    }
  }
  const seen = new Set<string>();
  return found.filter((i) => (seen.has(i.hash) ? false : (seen.add(i.hash), true)));
}
