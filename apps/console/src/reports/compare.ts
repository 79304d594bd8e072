import type { Schemas } from '../api/client';

type Report = Schemas['intel-exchange.ReportView'];

/** The facts a match view sets side by side, in this order. */
export const COMPARED = [
  'type',
  'detectedAt',
  'country',
  'commodity',
  'hsCode',
  'transportMode',
  'containers',
  'route',
  'companies',
] as const;
export type Compared = (typeof COMPARED)[number];

/** How a value is shown: a code of a code list, a country, a date, or text as it is. */
export type ValueKind = 'reportType' | 'commodityCategory' | 'transportMode' | 'country' | 'date' | 'text';

export interface ComparedRow {
  fact: Compared;
  kind: ValueKind;
  /** The values of the caller's report and of the other one (a list: a report can carry several). */
  own: string[];
  other: string[];
  /** Values found in both (compared as the correlation compares identifiers: case and blanks aside). */
  shared: string[];
}

const KIND: Record<Compared, ValueKind> = {
  type: 'reportType',
  detectedAt: 'date',
  country: 'country',
  commodity: 'commodityCategory',
  hsCode: 'text',
  transportMode: 'transportMode',
  containers: 'text',
  route: 'country',
  companies: 'text',
};

const unique = (values: (string | undefined | null)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

function factsOf(r: Report): Record<Compared, string[]> {
  const route = r.route;
  return {
    type: [r.type],
    detectedAt: [r.whenWhere.detectedAt],
    country: [String(r.whenWhere.country)],
    commodity: unique(r.goods.map((g) => g.commodityCategory)),
    hsCode: unique(r.goods.map((g) => g.hsCode)),
    transportMode: unique([r.conveyance?.transportMode]),
    containers: unique((r.conveyance?.containers ?? []).map((c) => c.number)),
    route: unique([route?.origin?.country, ...(route?.transit ?? []).map((p) => p.country), route?.destination?.country]),
    companies: unique((r.companies ?? []).map((c) => (c.identifier ? `${c.name} (${c.identifier.value})` : c.name))),
  };
}

/** A value as identifiers are compared: upper case, without blanks. */
export const normal = (v: string): string => v.replace(/\s+/g, '').toUpperCase();

/**
 * The caller's report and the other report of a match, fact by fact, with what they have in common. Only facts one
 * of the two reports has are listed. A date is never "shared" (two seizures are not at the same instant).
 */
export function compareReports(own: Report, other: Report): ComparedRow[] {
  const a = factsOf(own);
  const b = factsOf(other);
  return COMPARED.filter((fact) => a[fact].length > 0 || b[fact].length > 0).map((fact) => {
    const theirs = new Set(b[fact].map(normal));
    return {
      fact,
      kind: KIND[fact],
      own: a[fact],
      other: b[fact],
      shared: fact === 'detectedAt' ? [] : a[fact].filter((v) => theirs.has(normal(v))),
    };
  });
}
