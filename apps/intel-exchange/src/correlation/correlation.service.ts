import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { canKnowOfEachOther, canSeeReport } from '../domain/access-policy';
import type { CorrelatedReport } from '../domain/access-policy';
import type { OperationState } from '../domain/code-lists';
import { correlate, isPatternKind, PATTERNS_FOR_A_MATCH } from '../domain/correlation';
import { extractIndicators } from '../domain/indicators';
import type { Indicator } from '../domain/indicators';
import type { OperationAccessFacts, ReportSubmission } from '../domain/report.types';
import type { MatchNotice } from '../events/intel-events';
import { accessFactsOf, memberAnalyst } from '../reports/report-access';
import type { ReportAccessColumns } from '../reports/report-access';

/** A lock namespace of our own so indicator locks never collide with other advisory locks of the database. */
const INDICATOR_LOCK_PREFIX = 'intel-indicator:';
/** Locks the keys of a text[] parameter in sorted order (the subquery fixes the order), so two submissions never deadlock. */
const lockSql = (param: string): string =>
  `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n FROM (SELECT unnest(${param}::text[]) AS k ORDER BY 1) s`;

function lockKeys(hashes: readonly string[]): string[] {
  return [...new Set(hashes)].sort().map((h) => INDICATOR_LOCK_PREFIX + h);
}

export interface CorrelationOutcome {
  indicators: number;
  newMatches: { matchId: string; otherReportId: string }[];
  ubiquitous: Indicator[];
  /** The match events to write with the report's own event (one outbox statement for the submission). */
  notices: MatchNotice[];
}

interface CountRow {
  hash: string;
  report_count: number;
}

/** A candidate report with what the access policy needs about it and its operation, read in one statement. */
interface CandidateRow {
  report_id: string;
  hashes: string[];
  originator_member: string;
  tlp: string;
  distribution_level: string;
  distribution_members: string[];
  operation_id: string | null;
  personal_data_released_to: string[];
  op_coordinator: string | null;
  op_state: OperationState | null;
  op_participants: string[] | null;
}

interface Candidate {
  id: string;
  originatorMember: string;
  correlated: CorrelatedReport;
  hashes: string[];
}

interface MatchRow {
  id: string;
  report_a: string;
  report_b: string;
  inserted: boolean;
}

/** The new report as correlation needs it: its access columns, which the caller already holds. */
export type CorrelatedReportRow = ReportAccessColumns & { id: string };

@Injectable()
export class CorrelationService {
  constructor(private readonly config: IntelExchangeConfig) {}

  /**
   * Indexes the report's current indicators and matches them against earlier reports, in the submission's
   * transaction; returns the match notices for the caller to write to the outbox with the report's own event.
   * Each indicator hash is locked (pg_advisory_xact_lock, in sorted order so two submissions never deadlock) before
   * it is counted and looked up: of two concurrent submissions sharing a value, the second waits for the first to
   * commit and then sees it, so neither misses the other.
   *
   * `firstVersion`: the report has no indicators stored yet, so there is nothing to read back or forget.
   */
  async correlateReport(
    em: EntityManager,
    report: CorrelatedReportRow,
    content: Omit<ReportSubmission, 'personalData'>,
    operation: OperationAccessFacts | undefined,
    firstVersion: boolean,
  ): Promise<CorrelationOutcome> {
    const indicators = extractIndicators(content as ReportSubmission);
    const previous: { hash: string }[] = firstVersion
      ? []
      : await em.query(`SELECT hash FROM report_indicator WHERE report_id = $1`, [report.id]);
    const currentHashes = new Set(indicators.map((i) => i.hash));
    const removed = previous.map((p) => p.hash).filter((h) => !currentHashes.has(h));
    const previousHashes = new Set(previous.map((p) => p.hash));
    const added = indicators.filter((i) => !previousHashes.has(i.hash));
    const kept = indicators.filter((i) => previousHashes.has(i.hash)).map((i) => i.hash);
    const threshold = this.config.CORRELATION_UBIQUITY_THRESHOLD;

    const changed = [...removed, ...added.map((i) => i.hash)];
    const counts: CountRow[] = [];
    if (added.length > 0) {
      // One statement locks every changed value, indexes the new ones and counts them: the counts it returns are
      // taken under the locks (ON CONFLICT DO UPDATE reads the latest committed count, whatever the statement's
      // snapshot), and the candidate query that follows runs with a fresh snapshot.
      counts.push(
        ...((await em.query(
          `WITH locked AS (${lockSql('$6')}),
           indexed AS (
             INSERT INTO report_indicator (report_id, hash, kind)
             SELECT $1, h, k FROM unnest($2::text[], $3::text[]) AS t(h, k) WHERE (SELECT n FROM locked) >= 0
           )
           INSERT INTO indicator_count AS c (hash, kind, display_value, report_count)
           SELECT h, k, v, 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(h, k, v) WHERE (SELECT n FROM locked) >= 0
           ON CONFLICT (hash) DO UPDATE SET report_count = c.report_count + 1, updated_at = now(),
             ubiquitous_since = CASE WHEN c.ubiquitous_since IS NULL AND c.report_count + 1 > $5 THEN now() ELSE c.ubiquitous_since END
           RETURNING hash, report_count`,
          [report.id, added.map((i) => i.hash), added.map((i) => i.kind), added.map((i) => i.value.slice(0, 200)), threshold, lockKeys(changed)],
        )) as CountRow[]),
      );
    } else {
      await this.lockHashes(em, changed);
    }
    if (removed.length > 0) await this.forget(em, report.id, removed);
    if (indicators.length === 0) return { indicators: 0, newMatches: [], ubiquitous: [], notices: [] };
    if (kept.length > 0) {
      counts.push(...((await em.query(`SELECT hash, report_count FROM indicator_count WHERE hash = ANY($1::text[])`, [kept])) as CountRow[]));
    }

    const earlierReportCounts = new Map(counts.map((c) => [c.hash, c.report_count - 1]));
    // Candidates are loaded only for values below the threshold (at most threshold reports per indicator), and only
    // those the matching rule can link (see domain/correlation.ts): the database drops the single-pattern sharers.
    const matchable = indicators.filter((i) => (earlierReportCounts.get(i.hash) ?? 0) + 1 <= threshold);
    const candidates = matchable.length ? await this.loadCandidates(em, report.id, matchable) : new Map<string, Candidate>();
    const self: CorrelatedReport = { report: accessFactsOf(report), operation };

    const result = correlate({
      reportId: report.id,
      indicators,
      candidates: [...candidates.values()].map((c) => ({ reportId: c.id, indicatorHashes: c.hashes })),
      earlierReportCounts,
      ubiquityThreshold: threshold,
      mayCorrelate: (id) => {
        const other = candidates.get(id);
        return !!other && canKnowOfEachOther(self, other.correlated);
      },
    });
    if (result.matches.length === 0) return { indicators: indicators.length, newMatches: [], ubiquitous: result.ubiquitous, notices: [] };

    const at = new Date();
    const pairs = result.matches
      .flatMap((match) => {
        const other = candidates.get(match.reportId);
        if (!other) return [];
        const [a, b] =
          report.id < other.id
            ? [{ id: report.id, member: report.originatorMember }, { id: other.id, member: other.originatorMember }]
            : [{ id: other.id, member: other.originatorMember }, { id: report.id, member: report.originatorMember }];
        return [{ other, a, b, kinds: [...new Set(match.indicators.map((i) => i.kind))].sort() }];
      })
      // Row locks of the unique index are taken in a fixed order.
      .sort((x, y) => (x.a.id + x.b.id < y.a.id + y.b.id ? -1 : 1));
    const rows: MatchRow[] = await em.query(
      `INSERT INTO report_match AS m (id, report_a, report_b, member_a, member_b, indicator_kinds, created_at, updated_at)
       SELECT id, a, b, ma, mb, string_to_array(k, ','), $7, $7
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(id, a, b, ma, mb, k, ord)
        ORDER BY ord
       ON CONFLICT (report_a, report_b) DO UPDATE
         SET indicator_kinds = ARRAY(SELECT DISTINCT unnest(m.indicator_kinds || EXCLUDED.indicator_kinds) ORDER BY 1),
             updated_at = EXCLUDED.updated_at
       RETURNING id, report_a, report_b, (xmax = 0) AS inserted`,
      [
        pairs.map(() => randomUUID()),
        pairs.map((p) => p.a.id),
        pairs.map((p) => p.b.id),
        pairs.map((p) => p.a.member),
        pairs.map((p) => p.b.member),
        // Kind names are [a-z_]: a comma-joined string carries each row's array through unnest.
        pairs.map((p) => p.kinds.join(',')),
        at.toISOString(),
      ],
    );
    const stored = new Map(rows.map((r) => [`${r.report_a}/${r.report_b}`, r]));

    const newMatches: CorrelationOutcome['newMatches'] = [];
    const notices: MatchNotice[] = [];
    for (const pair of pairs) {
      const row = stored.get(`${pair.a.id}/${pair.b.id}`);
      // A pair matched before (an earlier version) was already announced.
      if (!row?.inserted) continue;
      newMatches.push({ matchId: row.id, otherReportId: pair.other.id });
      notices.push(...this.noticesFor(row.id, report, self, pair.other, pair.kinds, at));
    }
    return { indicators: indicators.length, newMatches, ubiquitous: result.ubiquitous, notices };
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
    await em.query(lockSql('$1'), [lockKeys(hashes)]);
  }

  /**
   * Earlier live reports sharing indicators with the new one that the matching rule can link (one identifying
   * value, or PATTERNS_FOR_A_MATCH pattern values), each with its access facts and its operation's, in one statement.
   * Whether a hash is a pattern is known from the new report's own indicator of that hash (the hash covers the kind).
   */
  private async loadCandidates(em: EntityManager, reportId: string, matchable: readonly Indicator[]): Promise<Map<string, Candidate>> {
    const rows: CandidateRow[] = await em.query(
      `WITH shared AS (
         SELECT ri.report_id, array_agg(ri.hash) AS hashes
           FROM report_indicator ri
          WHERE ri.hash = ANY($1::text[]) AND ri.report_id <> $2
          GROUP BY ri.report_id
         HAVING count(*) FILTER (WHERE NOT ri.hash = ANY($3::text[])) > 0 OR count(*) >= $4
       )
       SELECT s.report_id, s.hashes, r.originator_member, r.tlp, r.distribution_level, r.distribution_members, r.operation_id,
              r.personal_data_released_to, o.coordinator_member AS op_coordinator, o.state AS op_state,
              (SELECT array_agg(p.member ORDER BY p.member) FROM operation_participant p WHERE p.operation_id = o.id) AS op_participants
         FROM shared s
         JOIN report r ON r.id = s.report_id AND r.purged_at IS NULL
         LEFT JOIN operation o ON o.id = r.operation_id`,
      [matchable.map((i) => i.hash), reportId, matchable.filter((i) => isPatternKind(i.kind)).map((i) => i.hash), PATTERNS_FOR_A_MATCH],
    );
    const out = new Map<string, Candidate>();
    for (const row of rows) {
      const operation: OperationAccessFacts | undefined =
        row.operation_id && row.op_state
          ? { id: row.operation_id, coordinatorMember: row.op_coordinator ?? '', participantMembers: row.op_participants ?? [], state: row.op_state }
          : undefined;
      const report = accessFactsOf({
        originatorMember: row.originator_member,
        tlp: row.tlp,
        distributionLevel: row.distribution_level,
        distributionMembers: row.distribution_members,
        operationId: row.operation_id,
        personalDataReleasedTo: row.personal_data_released_to,
      });
      out.set(row.report_id, { id: row.report_id, originatorMember: row.originator_member, correlated: { report, operation }, hashes: row.hashes });
    }
    return out;
  }

  /** One notice per distinct Member, each naming the other report only if that Member may see it. */
  private noticesFor(
    matchId: string,
    report: CorrelatedReportRow,
    self: CorrelatedReport,
    other: Candidate,
    kinds: string[],
    at: Date,
  ): MatchNotice[] {
    const notice = (member: string, own: string, otherId: string, otherFacts: CorrelatedReport): MatchNotice => ({
      matchId,
      memberToNotify: member,
      reportId: own,
      ...(canSeeReport(memberAnalyst(member), otherFacts.report, otherFacts.operation) ? { matchedReportId: otherId } : {}),
      indicatorKinds: kinds,
      at,
    });
    const notices = [notice(report.originatorMember, report.id, other.id, other.correlated)];
    if (other.originatorMember !== report.originatorMember) notices.push(notice(other.originatorMember, other.id, report.id, self));
    return notices;
  }
}
