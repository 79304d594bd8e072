import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import { DataSource } from 'typeorm';
import { isCoordinator } from '../access/assistance.access';

export interface RequestPortfolioRow {
  member: string;
  thematicArea: string;
  state: string;
  requests: number;
  /** Mean age in whole days since the request was drafted. */
  meanAgeDays: number;
  oldestAgeDays: number;
}

export interface MissionPortfolioRow {
  month: string;
  missions: number;
  delivered: number;
  cancelled: number;
  estimateCents: number;
  actualCents: number;
}

/** Aggregates over every Member: for Secretariat coordinators only, since a count per Member is data too. */
@Injectable()
export class PortfolioService {
  constructor(private readonly dataSource: DataSource) {}

  async requests(caller: Principal): Promise<RequestPortfolioRow[]> {
    this.onlyCoordinators(caller);
    const rows: { member: string; thematic_area: string; state: string; n: number; mean_age: number; oldest: number }[] =
      await this.dataSource.query(
        `SELECT member, thematic_area, state, count(*)::int AS n,
              floor(avg(extract(epoch FROM now() - created_at)) / 86400)::int AS mean_age,
              floor(max(extract(epoch FROM now() - created_at)) / 86400)::int AS oldest
       FROM assistance_request GROUP BY member, thematic_area, state ORDER BY member, thematic_area, state`,
      );
    return rows.map((r) => ({
      member: r.member,
      thematicArea: r.thematic_area,
      state: r.state,
      requests: r.n,
      meanAgeDays: r.mean_age,
      oldestAgeDays: r.oldest,
    }));
  }

  /** Per month of the start date: how many missions, and what was estimated against what was actually spent. */
  async missions(caller: Principal): Promise<MissionPortfolioRow[]> {
    this.onlyCoordinators(caller);
    const rows: { month: string; n: number; delivered: number; cancelled: number; estimate: string; actual: string }[] =
      await this.dataSource.query(
        `SELECT to_char(start_date, 'YYYY-MM') AS month, count(*)::int AS n,
              count(*) FILTER (WHERE state = 'delivered')::int AS delivered, count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
              coalesce(sum(travel_cents + subsistence_cents + fees_cents) FILTER (WHERE state <> 'cancelled'), 0)::text AS estimate,
              coalesce(sum(actual_cents), 0)::text AS actual
       FROM mission GROUP BY 1 ORDER BY 1`,
      );
    return rows.map((r) => ({
      month: r.month,
      missions: r.n,
      delivered: r.delivered,
      cancelled: r.cancelled,
      estimateCents: Number(r.estimate),
      actualCents: Number(r.actual),
    }));
  }

  private onlyCoordinators(caller: Principal): void {
    if (!isCoordinator(caller))
      throw new ForbiddenError('portfolio views are for assistance-coordinators of the WCO Secretariat', { code: 'forbidden' });
  }
}

/** RFC 4180 CSV; a cell that a spreadsheet would run as a formula is prefixed with a quote. */
export function toCsv<T extends object>(rows: T[], columns: (keyof T & string)[]): string {
  const cell = (value: unknown): string => {
    let s = String(value ?? '');
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
