import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { canKnowOfEachOther, canSeeReport } from '../domain/access-policy';
import type { CorrelatedReport } from '../domain/access-policy';
import { correlate } from '../domain/correlation';
import { extractIndicators } from '../domain/indicators';
import type { Indicator } from '../domain/indicators';
import type { OperationAccessFacts, ReportSubmission } from '../domain/report.types';
import { IntelEvents, MatchNotice } from '../events/intel-events';
import { OperationsService } from '../operations/operations.service';
import { accessFactsOf, memberAnalyst } from '../reports/report-access';
import { ReportEntity } from '../reports/report.entity';
import { toContractIndicatorKinds } from './indicator-kinds';

/** A lock namespace of our own so indicator locks never collide with other advisory locks of the database. */
const INDICATOR_LOCK_PREFIX = 'intel-indicator:';

export interface CorrelationOutcome {
  indicators: number;
  newMatches: { matchId: string; otherReportId: string }[];
  ubiquitous: Indicator[];
}

interface CountRow {
  hash: string;
  report_count: number;
}

@Injectable()
export class CorrelationService {
  constructor(
    private readonly config: IntelExchangeConfig,
    private readonly operations: OperationsService,
    private readonly events: IntelEvents,
  ) {}

  /**
   * Indexes the report's current indicators and matches them against earlier reports, in the submission's
   * transaction. Each indicator hash is locked (pg_advisory_xact_lock, in sorted order so two submissions never
   * deadlock) before it is counted and looked up: of two concurrent submissions sharing a value, the second waits
   * for the first to commit and then sees it, so neither misses the other.
   */
  async correlateReport(
    em: EntityManager,
    report: ReportEntity,
    content: Omit<ReportSubmission, 'personalData'>,
    operation: OperationAccessFacts | undefined,
  ): Promise<CorrelationOutcome> {
    const indicators = extractIndicators(content as ReportSubmission);
    const previous: { hash: string }[] = await em.query(`SELECT hash FROM report_indicator WHERE report_id = $1`, [report.id]);
    const currentHashes = new Set(indicators.map((i) => i.hash));
    const removed = previous.map((p) => p.hash).filter((h) => !currentHashes.has(h));
    const previousHashes = new Set(previous.map((p) => p.hash));
    const added = indicators.filter((i) => !previousHashes.has(i.hash));

    await this.lockHashes(em, [...removed, ...added.map((i) => i.hash)]);
    if (removed.length > 0) await this.forget(em, report.id, removed);
    if (added.length > 0) {
      await em.query(
        `INSERT INTO report_indicator (report_id, hash, kind) SELECT $1, h, k FROM unnest($2::text[], $3::text[]) AS t(h, k)`,
        [report.id, added.map((i) => i.hash), added.map((i) => i.kind)],
      );
      await em.query(
        `INSERT INTO indicator_count AS c (hash, kind, display_value, report_count)
         SELECT h, k, v, 1 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(h, k, v)
         ON CONFLICT (hash) DO UPDATE SET report_count = c.report_count + 1, updated_at = now()`,
        [added.map((i) => i.hash), added.map((i) => i.kind), added.map((i) => i.value.slice(0, 200))],
      );
      await em.query(
        `UPDATE indicator_count SET ubiquitous_since = now()
          WHERE hash = ANY($1::text[]) AND report_count > $2 AND ubiquitous_since IS NULL`,
        [added.map((i) => i.hash), this.config.CORRELATION_UBIQUITY_THRESHOLD],
      );
    }
    if (indicators.length === 0) return { indicators: 0, newMatches: [], ubiquitous: [] };

    const counts: CountRow[] = await em.query(`SELECT hash, report_count FROM indicator_count WHERE hash = ANY($1::text[])`, [
      [...currentHashes],
    ]);
    const earlierReportCounts = new Map(counts.map((c) => [c.hash, c.report_count - 1]));
    const threshold = this.config.CORRELATION_UBIQUITY_THRESHOLD;
    // Candidates are loaded only for values below the threshold: at most threshold reports per indicator.
    const matchable = [...currentHashes].filter((h) => (earlierReportCounts.get(h) ?? 0) + 1 <= threshold);
    const candidateRows: { report_id: string; hashes: string[] }[] = matchable.length
      ? await em.query(
          `SELECT ri.report_id, array_agg(ri.hash) AS hashes
             FROM report_indicator ri JOIN report r ON r.id = ri.report_id AND r.purged_at IS NULL
            WHERE ri.hash = ANY($1::text[]) AND ri.report_id <> $2
            GROUP BY ri.report_id`,
          [matchable, report.id],
        )
      : [];
    const candidates = await this.loadCandidates(em, candidateRows.map((c) => c.report_id));
    const self: CorrelatedReport = { report: accessFactsOf(report), operation };

    const result = correlate({
      reportId: report.id,
      indicators,
      candidates: candidateRows.map((c) => ({ reportId: c.report_id, indicatorHashes: c.hashes })),
      earlierReportCounts,
      ubiquityThreshold: threshold,
      mayCorrelate: (id) => {
        const other = candidates.get(id);
        return !!other && canKnowOfEachOther(self, other.correlated);
      },
    });

    const newMatches: CorrelationOutcome['newMatches'] = [];
    const notices: MatchNotice[] = [];
    const at = new Date();
    for (const match of result.matches) {
      const other = candidates.get(match.reportId);
      if (!other) continue;
      const kinds = [...new Set(match.indicators.map((i) => i.kind))].sort();
      const [a, b] = report.id < other.row.id ? [report, other.row] : [other.row, report];
      const rows: { id: string; inserted: boolean }[] = await em.query(
        `INSERT INTO report_match AS m (id, report_a, report_b, member_a, member_b, indicator_kinds, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $7)
         ON CONFLICT (report_a, report_b) DO UPDATE
           SET indicator_kinds = ARRAY(SELECT DISTINCT unnest(m.indicator_kinds || EXCLUDED.indicator_kinds) ORDER BY 1),
               updated_at = EXCLUDED.updated_at
         RETURNING id, (xmax = 0) AS inserted`,
        [randomUUID(), a.id, b.id, a.originatorMember, b.originatorMember, kinds, at.toISOString()],
      );
      const row = rows[0];
      // A pair matched before (an earlier version) was already announced.
      if (!row?.inserted) continue;
      newMatches.push({ matchId: row.id, otherReportId: other.row.id });
      notices.push(...this.noticesFor(row.id, self, report, other, toContractIndicatorKinds(kinds), at));
    }
    await this.events.matchesFound(em, notices);
    return { indicators: indicators.length, newMatches, ubiquitous: result.ubiquitous };
  }

  /** Drops a report's indicators (a purge, or values a new version no longer carries). */
  async forget(em: EntityManager, reportId: string, hashes?: string[]): Promise<void> {
    const rows: { hash: string }[] = hashes
      ? hashes.map((hash) => ({ hash }))
      : await em.query(`SELECT hash FROM report_indicator WHERE report_id = $1`, [reportId]);
    if (rows.length === 0) return;
    const list = rows.map((r) => r.hash);
    if (!hashes) await this.lockHashes(em, list);
    await em.query(`DELETE FROM report_indicator WHERE report_id = $1 AND hash = ANY($2::text[])`, [reportId, list]);
    await em.query(
      `UPDATE indicator_count SET report_count = report_count - 1, updated_at = now(),
              ubiquitous_since = CASE WHEN report_count - 1 > $2 THEN ubiquitous_since END
        WHERE hash = ANY($1::text[])`,
      [list, this.config.CORRELATION_UBIQUITY_THRESHOLD],
    );
  }

  private async lockHashes(em: EntityManager, hashes: string[]): Promise<void> {
    if (hashes.length === 0) return;
    const keys = [...new Set(hashes)].sort().map((h) => INDICATOR_LOCK_PREFIX + h);
    // The subquery fixes the order in which the locks are taken.
    await em.query(`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) s`, [keys]);
  }

  private async loadCandidates(
    em: EntityManager,
    ids: string[],
  ): Promise<Map<string, { row: ReportEntity; correlated: CorrelatedReport }>> {
    const out = new Map<string, { row: ReportEntity; correlated: CorrelatedReport }>();
    if (ids.length === 0) return out;
    const rows = await em.getRepository(ReportEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany();
    const operationIds = [...new Set(rows.map((r) => r.operationId).filter((id): id is string => !!id))];
    const operations = new Map<string, OperationAccessFacts>();
    for (const id of operationIds) {
      const facts = await this.operations.accessFacts(em, id);
      if (facts) operations.set(id, facts);
    }
    for (const row of rows) {
      out.set(row.id, { row, correlated: { report: accessFactsOf(row), operation: row.operationId ? operations.get(row.operationId) : undefined } });
    }
    return out;
  }

  /** One notice per distinct Member, each naming the other report only if that Member may see it. */
  private noticesFor(
    matchId: string,
    self: CorrelatedReport,
    report: ReportEntity,
    other: { row: ReportEntity; correlated: CorrelatedReport },
    kinds: string[],
    at: Date,
  ): MatchNotice[] {
    const notice = (member: string, own: string, ownFacts: CorrelatedReport, otherId: string, otherFacts: CorrelatedReport): MatchNotice => ({
      matchId,
      memberToNotify: member,
      reportId: own,
      ...(canSeeReport(memberAnalyst(member), otherFacts.report, otherFacts.operation) ? { matchedReportId: otherId } : {}),
      indicatorKinds: kinds,
      at,
    });
    const notices = [notice(report.originatorMember, report.id, self, other.row.id, other.correlated)];
    if (other.row.originatorMember !== report.originatorMember) {
      notices.push(notice(other.row.originatorMember, other.row.id, other.correlated, report.id, self));
    }
    return notices;
  }
}
