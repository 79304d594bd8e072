import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { canKnowOfEachOther, canSeeReport } from '../domain/access-policy';
import type { CorrelatedReport } from '../domain/access-policy';
import { correlate, isPatternKind, PATTERNS_FOR_A_MATCH } from '../domain/correlation';
import { extractIndicators } from '../domain/indicators';
import type { Indicator } from '../domain/indicators';
import type { OperationAccessFacts, ReportSubmission } from '../domain/report.types';
import type { MatchNotice } from '../events/intel-events';
import { accessFactsOf, memberAnalyst } from '../reports/report-access';
import type { ReportAccessColumns } from '../reports/report-access';
import { CorrelationRepository } from './correlation.repository';
import type { CountRow } from './correlation.repository';

export interface CorrelationOutcome {
  indicators: number;
  newMatches: { matchId: string; otherReportId: string }[];
  ubiquitous: Indicator[];
  /** The match events to write with the report's own event (one outbox statement for the submission). */
  notices: MatchNotice[];
}

interface Candidate {
  id: string;
  originatorMember: string;
  correlated: CorrelatedReport;
  hashes: string[];
}

/** The new report as correlation needs it: its access columns, which the caller already holds. */
export type CorrelatedReportRow = ReportAccessColumns & { id: string };

@Injectable()
export class CorrelationService {
  constructor(
    private readonly config: IntelExchangeConfig,
    private readonly repository: CorrelationRepository,
  ) {}

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
      : (await this.repository.indicatorHashesOf(em, report.id)).map((hash) => ({ hash }));
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
      counts.push(...(await this.repository.lockIndexAndCount(em, report.id, added, changed, threshold)));
    } else {
      await this.repository.lockHashes(em, changed);
    }
    if (removed.length > 0) await this.forget(em, report.id, removed);
    if (indicators.length === 0) return { indicators: 0, newMatches: [], ubiquitous: [], notices: [] };
    if (kept.length > 0) {
      counts.push(...(await this.repository.counts(em, kept)));
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
            ? [
                { id: report.id, member: report.originatorMember },
                { id: other.id, member: other.originatorMember },
              ]
            : [
                { id: other.id, member: other.originatorMember },
                { id: report.id, member: report.originatorMember },
              ];
        return [{ other, a, b, kinds: [...new Set(match.indicators.map((i) => i.kind))].sort() }];
      })
      // Row locks of the unique index are taken in a fixed order.
      .sort((x, y) => (x.a.id + x.b.id < y.a.id + y.b.id ? -1 : 1));
    const rows = await this.repository.upsertMatches(
      em,
      pairs.map((p) => ({ id: randomUUID(), a: p.a, b: p.b, kinds: p.kinds })),
      at,
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
    const list = hashes ?? (await this.repository.indicatorHashesOf(em, reportId));
    if (list.length === 0) return;
    if (!hashes) await this.repository.lockHashes(em, list);
    await this.repository.unindex(em, reportId, list, this.config.CORRELATION_UBIQUITY_THRESHOLD);
  }

  /**
   * Earlier live reports sharing indicators with the new one that the matching rule can link (one identifying
   * value, or PATTERNS_FOR_A_MATCH pattern values), each with its access facts and its operation's, in one statement.
   * Whether a hash is a pattern is known from the new report's own indicator of that hash (the hash covers the kind).
   */
  private async loadCandidates(em: EntityManager, reportId: string, matchable: readonly Indicator[]): Promise<Map<string, Candidate>> {
    const rows = await this.repository.candidates(
      em,
      reportId,
      matchable.map((i) => i.hash),
      matchable.filter((i) => isPatternKind(i.kind)).map((i) => i.hash),
      PATTERNS_FOR_A_MATCH,
    );
    const out = new Map<string, Candidate>();
    for (const row of rows) {
      const operation: OperationAccessFacts | undefined =
        row.operation_id && row.op_state
          ? {
              id: row.operation_id,
              coordinatorMember: row.op_coordinator ?? '',
              participantMembers: row.op_participants ?? [],
              state: row.op_state,
            }
          : undefined;
      const report = accessFactsOf({
        originatorMember: row.originator_member,
        tlp: row.tlp,
        distributionLevel: row.distribution_level,
        distributionMembers: row.distribution_members,
        operationId: row.operation_id,
        personalDataReleasedTo: row.personal_data_released_to,
      });
      out.set(row.report_id, {
        id: row.report_id,
        originatorMember: row.originator_member,
        correlated: { report, operation },
        hashes: row.hashes,
      });
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
