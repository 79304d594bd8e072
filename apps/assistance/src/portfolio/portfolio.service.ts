import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import { DataSource } from 'typeorm';
import { isCoordinator } from '../access/assistance.access';
import { regionName, regionTableParams, UNASSIGNED_REGION } from './wco-regions';

/** Age buckets of open and closed requests alike, in whole days since the request was drafted. */
export const AGE_BUCKETS = [
  { column: 'age0to30', from: 0, to: 30 },
  { column: 'age31to90', from: 31, to: 90 },
  { column: 'age91to180', from: 91, to: 180 },
  { column: 'age181to365', from: 181, to: 365 },
  { column: 'ageOver365', from: 366, to: null },
] as const;
type AgeBucketColumn = (typeof AGE_BUCKETS)[number]['column'];

export type RequestPortfolioRow = {
  region: string;
  regionName: string;
  /** Only when grouped by Member. */
  member?: string;
  thematicArea: string;
  state: string;
  requests: number;
  /** Mean age in whole days since the request was drafted. */
  meanAgeDays: number;
  oldestAgeDays: number;
} & Record<AgeBucketColumn, number>;

export interface MissionPortfolioRow {
  month: string;
  region: string;
  missions: number;
  delivered: number;
  cancelled: number;
  /** Estimates of the missions not cancelled. */
  estimateCents: number;
  /** Estimates of the delivered missions: what their actual cost is compared with. */
  deliveredEstimateCents: number;
  actualCents: number;
  /** actualCents - deliveredEstimateCents: above zero, more was spent than estimated. */
  varianceCents: number;
}

export const REQUEST_PORTFOLIO_COLUMNS = (by: 'region' | 'member'): (keyof RequestPortfolioRow & string)[] => [
  'region',
  'regionName',
  ...(by === 'member' ? (['member'] as const) : []),
  'thematicArea',
  'state',
  'requests',
  ...AGE_BUCKETS.map((b) => b.column),
  'meanAgeDays',
  'oldestAgeDays',
];

export const MISSION_PORTFOLIO_COLUMNS: (keyof MissionPortfolioRow & string)[] = [
  'month',
  'region',
  'missions',
  'delivered',
  'cancelled',
  'estimateCents',
  'deliveredEstimateCents',
  'actualCents',
  'varianceCents',
];

// The Member -> region table joined in SQL from the vendored data (unmapped codes fall into `unassigned`).
const REGIONS_CTE = `regions(member, region) AS (SELECT * FROM unnest($1::text[], $2::text[]))`;

/** Aggregates over every Member: for Secretariat coordinators only, since a count per Member is data too. */
@Injectable()
export class PortfolioService {
  constructor(private readonly dataSource: DataSource) {}

  /** Requests by WCO region (and Member, when asked), thematic area and state, with their age in buckets. */
  async requests(caller: Principal, by: 'region' | 'member' = 'region'): Promise<RequestPortfolioRow[]> {
    this.onlyCoordinators(caller);
    const groups = by === 'member' ? 'region, r.member, thematic_area, state' : 'region, thematic_area, state';
    const buckets = AGE_BUCKETS.map(
      (b) => `count(*) FILTER (WHERE age >= ${b.from}${b.to === null ? '' : ` AND age <= ${b.to}`})::int AS "${b.column}"`,
    ).join(', ');
    const rows: (Record<string, unknown> & { region: string; member?: string; thematic_area: string; state: string })[] =
      await this.dataSource.query(
        `WITH ${REGIONS_CTE},
              r AS (SELECT a.member, a.thematic_area, a.state, coalesce(g.region, '${UNASSIGNED_REGION}') AS region,
                           floor(extract(epoch FROM now() - a.created_at) / 86400)::int AS age, a.created_at
                      FROM assistance_request a LEFT JOIN regions g ON g.member = a.member)
         SELECT ${groups}, count(*)::int AS n, ${buckets},
                floor(avg(extract(epoch FROM now() - created_at)) / 86400)::int AS mean_age,
                max(age)::int AS oldest
           FROM r GROUP BY ${groups} ORDER BY ${groups}`,
        regionTableParams(),
      );
    return rows.map((r) => ({
      region: r.region,
      regionName: regionName(r.region),
      ...(by === 'member' ? { member: r.member } : {}),
      thematicArea: r.thematic_area,
      state: r.state,
      requests: r['n'] as number,
      ...(Object.fromEntries(AGE_BUCKETS.map((b) => [b.column, r[b.column] as number])) as Record<AgeBucketColumn, number>),
      meanAgeDays: r['mean_age'] as number,
      oldestAgeDays: r['oldest'] as number,
    }));
  }

  /** Per month of the start date and region: how many missions, and what was estimated against what was spent. */
  async missions(caller: Principal): Promise<MissionPortfolioRow[]> {
    this.onlyCoordinators(caller);
    const rows: {
      month: string;
      region: string;
      n: number;
      delivered: number;
      cancelled: number;
      estimate: string;
      delivered_estimate: string;
      actual: string;
    }[] = await this.dataSource.query(
      `WITH ${REGIONS_CTE}
       SELECT to_char(m.start_date, 'YYYY-MM') AS month, coalesce(g.region, '${UNASSIGNED_REGION}') AS region, count(*)::int AS n,
              count(*) FILTER (WHERE m.state = 'delivered')::int AS delivered, count(*) FILTER (WHERE m.state = 'cancelled')::int AS cancelled,
              coalesce(sum(m.travel_cents + m.subsistence_cents + m.fees_cents) FILTER (WHERE m.state <> 'cancelled'), 0)::text AS estimate,
              coalesce(sum(m.travel_cents + m.subsistence_cents + m.fees_cents) FILTER (WHERE m.state = 'delivered'), 0)::text AS delivered_estimate,
              coalesce(sum(m.actual_cents), 0)::text AS actual
         FROM mission m LEFT JOIN regions g ON g.member = m.member
        GROUP BY 1, 2 ORDER BY 1, 2`,
      regionTableParams(),
    );
    return rows.map((r) => ({
      month: r.month,
      region: r.region,
      missions: r.n,
      delivered: r.delivered,
      cancelled: r.cancelled,
      estimateCents: Number(r.estimate),
      deliveredEstimateCents: Number(r.delivered_estimate),
      actualCents: Number(r.actual),
      varianceCents: Number(r.actual) - Number(r.delivered_estimate),
    }));
  }

  private onlyCoordinators(caller: Principal): void {
    if (!isCoordinator(caller))
      throw new ForbiddenError('portfolio views are for assistance-coordinators of the WCO Secretariat', { code: 'forbidden' });
  }
}

/**
 * RFC 4180 CSV; a text cell that a spreadsheet would run as a formula is prefixed with a quote (numbers, such as a
 * negative variance, are left as they are: they cannot be formulas).
 */
export function toCsv<T extends object>(rows: T[], columns: (keyof T & string)[]): string {
  const cell = (value: unknown): string => {
    let s = String(value ?? '');
    if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
