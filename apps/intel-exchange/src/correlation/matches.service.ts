import { Injectable } from '@nestjs/common';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '@wco/http';
import { DataSource } from 'typeorm';
import { ReportAccessService } from '../access/report-access.service';
import { CorrelationRepository } from './correlation.repository';
import type { StoredMatchRow as MatchRow } from './correlation.repository';
import type { Principal } from '@wco/auth';
import { ReportEntity } from '../reports/report.entity';
import { MatchNotFoundError } from '../feedback/feedback.errors';

export interface MatchView {
  id: string;
  /** The caller Member's report in the match. */
  reportId: string;
  /** The other report, only while the caller's Member may see it. */
  matchedReportId?: string;
  indicatorKinds: string[];
  matchedAt: string;
}

export interface UbiquitousIndicatorView {
  kind: string;
  value: string;
  /** How many live reports carrying the value the caller may see (never the total, which would count hidden ones). */
  reportCount: number;
}

@Injectable()
export class MatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReportAccessService,
    private readonly repository: CorrelationRepository,
  ) {}

  /**
   * Matches involving the caller's Member, newest first. What each says about the other side is decided now, by the
   * access gate with the current rules: a report whose distribution narrowed since the match is no longer named.
   */
  async listForMember(
    caller: Principal,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: MatchView[]; nextCursor: string | null }> {
    if (!caller.roles.includes('member-analyst')) return { items: [], nextCursor: null };
    const rows = await this.repository.matchesOf(
      this.dataSource.manager,
      caller.member,
      cursor ? decodeTimeIdCursor(cursor) : undefined,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const items = await this.views(caller.member, page);
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  /**
   * One match of the caller's Member, as the list shows it; a match of other Members, or none, is the same 404 (the
   * existence of a match between two other Members is their intelligence).
   */
  async getForMember(caller: Principal, matchId: string): Promise<MatchView> {
    const row = caller.roles.includes('member-analyst')
      ? await this.repository.matchOfMember(this.dataSource.manager, matchId, caller.member)
      : undefined;
    if (!row) throw new MatchNotFoundError(matchId);
    const [view] = await this.views(caller.member, [row]);
    return view;
  }

  private async views(member: string, rows: MatchRow[]): Promise<MatchView[]> {
    const reports = await this.access.visibleToMember(this.dataSource.manager, member, [
      ...new Set(rows.flatMap((m) => [m.report_a, m.report_b])),
    ]);
    return rows.map((m): MatchView => {
      const [own, other] = this.ownSide(m, member, reports);
      return {
        id: m.id,
        reportId: own,
        ...(reports.get(other)?.visible ? { matchedReportId: other } : {}),
        indicatorKinds: [...m.indicator_kinds].sort(),
        matchedAt: m.created_at.toISOString(),
      };
    });
  }

  /** The caller's report and the other one; when both are the caller's, the later one is "own", as in the event. */
  private ownSide(m: MatchRow, member: string, reports: Map<string, { row: ReportEntity }>): [string, string] {
    if (m.member_a === member && m.member_b === member) {
      const a = reports.get(m.report_a)?.row.createdAt.getTime() ?? 0;
      const b = reports.get(m.report_b)?.row.createdAt.getTime() ?? 0;
      return a > b ? [m.report_a, m.report_b] : [m.report_b, m.report_a];
    }
    return m.member_a === member ? [m.report_a, m.report_b] : [m.report_b, m.report_a];
  }

  /** Whether a match involves a report of the caller's Member (feedback on a match is given by its parties). */
  async partyReports(matchId: string, member: string): Promise<{ reportA: string; reportB: string } | undefined> {
    const row = await this.repository.matchOfMember(this.dataSource.manager, matchId, member);
    return row ? { reportA: row.report_a, reportB: row.report_b } : undefined;
  }

  /**
   * Ubiquitous values, each listed only to a caller who may see at least one live report that carries it: the value
   * itself (a container, a company identifier) is intelligence of the reports that hold it. The count and the order
   * are of those visible reports only, and no date is given (the moment a value crossed the threshold is the moment
   * some report, maybe a hidden one, was submitted). That a listed value is over the threshold in total is the
   * correlation rule itself, which no caller can be kept from observing (its reports stop matching).
   */
  async ubiquitous(caller: Principal, limit: number): Promise<UbiquitousIndicatorView[]> {
    const visibility = this.access.listFilter(caller, 'r', 1);
    if (visibility.sql === 'FALSE') return [];
    const rows = await this.repository.ubiquitousIndicators(this.dataSource.manager, visibility, limit);
    return rows.map((r) => ({ kind: r.kind, value: r.display_value, reportCount: r.visible_count }));
  }
}
