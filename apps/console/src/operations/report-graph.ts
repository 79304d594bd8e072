import type { Schemas } from '../api/client';

type Report = Schemas['intel-exchange.ReportView'];

export interface Indicator {
  /** The API's indicator kind (container, vessel_imo, bill_of_lading...). */
  kind: string;
  /** Normalised as the correlation compares it: upper case, no spaces. */
  value: string;
}
export interface SharedIndicator extends Indicator {
  key: string;
  reportIds: string[];
}

const norm = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/** The exact-value indicators a report carries, among the fields the API returned to this reader. */
export function indicatorsOf(report: Report): Indicator[] {
  const c = report.conveyance;
  const found: Indicator[] = [
    ...(c?.containers ?? []).map((x) => ({ kind: 'container', value: x.number })),
    ...(c?.vesselImo ? [{ kind: 'vessel_imo', value: c.vesselImo }] : []),
    ...(c?.transportDocuments ?? []).map((d) => ({ kind: String(d.kind), value: d.number })),
    ...(c?.vehicles ?? []).map((v) => ({ kind: 'vehicle_registration', value: v.registration })),
    ...(report.companies ?? []).flatMap((co) => (co.identifier ? [{ kind: 'company_identifier', value: co.identifier.value }] : [])),
  ];
  const seen = new Set<string>();
  return found
    .map((i) => ({ kind: i.kind, value: norm(i.value) }))
    .filter((i) => {
      const key = `${i.kind}:${i.value}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Indicators found in two reports or more: the edges of the operation's graph (reports ↔ what they share). */
export function sharedIndicators(reports: Report[]): SharedIndicator[] {
  const byKey = new Map<string, SharedIndicator>();
  for (const r of reports)
    for (const i of indicatorsOf(r)) {
      const key = `${i.kind}:${i.value}`;
      const entry = byKey.get(key) ?? { ...i, key, reportIds: [] };
      entry.reportIds.push(r.id);
      byKey.set(key, entry);
    }
  return [...byKey.values()].filter((s) => s.reportIds.length > 1).sort((a, b) => a.key.localeCompare(b.key));
}

/** The countries a report's goods passed, in order: origin, departure, transit, destination, then where detected. */
export function routeOf(report: Report): string[] {
  const r = report.route;
  const points = [r?.origin, r?.departure, ...(r?.transit ?? []), r?.destination].flatMap((p) => (p ? [String(p.country)] : []));
  const detected = String(report.whenWhere.country);
  const path = [...points];
  if (!path.includes(detected)) path.push(detected);
  // Consecutive stops in one country are one point on a world map.
  return path.filter((country, i) => i === 0 || country !== path[i - 1]);
}
