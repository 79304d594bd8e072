import table from './data/wco-regions.json';

/*
 * The six WCO regions and the Members in each, read from the vendored table `data/wco-regions.json` (ISO 3166-1
 * alpha-2 codes, with its source). No code elsewhere names a Member's region: a change of membership is a change
 * of that file.
 */

export interface WcoRegion {
  code: string;
  name: string;
  members: readonly string[];
}

/** A Member code the table does not have (a new Member, a test's ZZ) is counted here, never dropped. */
export const UNASSIGNED_REGION = 'unassigned';

export const WCO_REGIONS: readonly WcoRegion[] = Object.freeze(
  table.regions.map((r) => Object.freeze({ ...r, members: Object.freeze([...r.members]) })),
);
export const WCO_REGIONS_SOURCE: string = table.source;

const REGION_OF = new Map(WCO_REGIONS.flatMap((r) => r.members.map((m) => [m, r.code] as const)));

export function regionOf(member: string): string {
  return REGION_OF.get(member) ?? UNASSIGNED_REGION;
}

export function regionName(code: string): string {
  return WCO_REGIONS.find((r) => r.code === code)?.name ?? 'Not in the WCO region table';
}

/** The table as two parallel arrays, for SQL: `unnest($1::text[], $2::text[]) AS r(member, region)`. */
export function regionTableParams(): [string[], string[]] {
  const pairs = [...REGION_OF.entries()];
  return [pairs.map(([m]) => m), pairs.map(([, r]) => r)];
}
