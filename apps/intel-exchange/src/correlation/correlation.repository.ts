import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlFragment } from '../domain/access-policy';
import type { OperationState } from '../domain/code-lists';

/** A lock namespace of our own so indicator locks never collide with other advisory locks of the database. */
const INDICATOR_LOCK_PREFIX = 'intel-indicator:';
/** Locks the keys of a text[] parameter in sorted order (the subquery fixes the order), so two submissions never deadlock. */
const lockSql = (param: string): string =>
  `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n FROM (SELECT unnest(${param}::text[]) AS k ORDER BY 1) s`;

function lockKeys(hashes: readonly string[]): string[] {
  return [...new Set(hashes)].sort().map((h) => INDICATOR_LOCK_PREFIX + h);
}

export interface CountRow {
  hash: string;
  report_count: number;
}

/** A candidate report with what the access policy needs about it and its operation, read in one statement. */
export interface CandidateRow {
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

export interface MatchRow {
  id: string;
  report_a: string;
  report_b: string;
  inserted: boolean;
}

/** A match to store: ids in the unique index's order (a < b), with the kinds of the shared indicators. */
export interface NewMatch {
  id: string;
  a: { id: string; member: string };
  b: { id: string; member: string };
  kinds: string[];
}

/** A stored match as the matches list reads it. */
export interface StoredMatchRow {
  id: string;
  report_a: string;
  report_b: string;
  member_a: string;
  member_b: string;
  indicator_kinds: string[];
  created_at: Date;
}

export interface UbiquitousRow {
  kind: string;
  display_value: string;
  visible_count: number;
}

/** The SQL of correlation: the indicator index, its counts and advisory locks, candidates and matches. */
@Injectable()
export class CorrelationRepository {
  async indicatorHashesOf(em: EntityManager, reportId: string): Promise<string[]> {
    const rows: { hash: string }[] = await em.query(`SELECT hash FROM report_indicator WHERE report_id = $1`, [reportId]);
    return rows.map((r) => r.hash);
  }

  /**
   * One statement locks every changed value, indexes the new ones and counts them: the counts it returns are taken
   * under the locks (ON CONFLICT DO UPDATE reads the latest committed count, whatever the statement's snapshot).
   */
  async lockIndexAndCount(
    em: EntityManager,
    reportId: string,
    added: readonly { hash: string; kind: string; value: string }[],
    changed: readonly string[],
    threshold: number,
  ): Promise<CountRow[]> {
    return (await em.query(
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
      [reportId, added.map((i) => i.hash), added.map((i) => i.kind), added.map((i) => i.value.slice(0, 200)), threshold, lockKeys(changed)],
    )) as CountRow[];
  }

  async counts(em: EntityManager, hashes: readonly string[]): Promise<CountRow[]> {
    return (await em.query(`SELECT hash, report_count FROM indicator_count WHERE hash = ANY($1::text[])`, [hashes])) as CountRow[];
  }

  async lockHashes(em: EntityManager, hashes: readonly string[]): Promise<void> {
    if (hashes.length === 0) return;
    await em.query(lockSql('$1'), [lockKeys(hashes)]);
  }

  /** Removes the report's entries of these hashes from the index and their counts. */
  async unindex(em: EntityManager, reportId: string, hashes: readonly string[], threshold: number): Promise<void> {
    await em.query(`DELETE FROM report_indicator WHERE report_id = $1 AND hash = ANY($2::text[])`, [reportId, hashes]);
    await em.query(
      `UPDATE indicator_count SET report_count = report_count - 1, updated_at = now(),
              ubiquitous_since = CASE WHEN report_count - 1 > $2 THEN ubiquitous_since END
        WHERE hash = ANY($1::text[])`,
      [hashes, threshold],
    );
  }

  /**
   * Earlier live reports sharing `hashes` with the new one that the matching rule can link (any non-pattern hash, or
   * `patternsForAMatch` pattern hashes), each with its access facts and its operation's.
   */
  async candidates(
    em: EntityManager,
    reportId: string,
    hashes: readonly string[],
    patternHashes: readonly string[],
    patternsForAMatch: number,
  ): Promise<CandidateRow[]> {
    return em.query(
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
      [hashes, reportId, patternHashes, patternsForAMatch],
    );
  }

  /** Inserts the matches, or widens the kinds of those that exist; `inserted` tells which are new. */
  async upsertMatches(em: EntityManager, pairs: readonly NewMatch[], at: Date): Promise<MatchRow[]> {
    return em.query(
      `INSERT INTO report_match AS m (id, report_a, report_b, member_a, member_b, indicator_kinds, created_at, updated_at)
       SELECT id, a, b, ma, mb, string_to_array(k, ','), $7, $7
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(id, a, b, ma, mb, k, ord)
        ORDER BY ord
       ON CONFLICT (report_a, report_b) DO UPDATE
         SET indicator_kinds = ARRAY(SELECT DISTINCT unnest(m.indicator_kinds || EXCLUDED.indicator_kinds) ORDER BY 1),
             updated_at = EXCLUDED.updated_at
       RETURNING id, report_a, report_b, (xmax = 0) AS inserted`,
      [
        pairs.map((p) => p.id),
        pairs.map((p) => p.a.id),
        pairs.map((p) => p.b.id),
        pairs.map((p) => p.a.member),
        pairs.map((p) => p.b.member),
        // Kind names are [a-z_]: a comma-joined string carries each row's array through unnest.
        pairs.map((p) => p.kinds.join(',')),
        at.toISOString(),
      ],
    );
  }

  /** Matches of `member`'s reports, newest first, after the (time, id) cursor when given; at most `limit` rows. */
  matchesOf(em: EntityManager, member: string, after: readonly [string, string] | undefined, limit: number): Promise<StoredMatchRow[]> {
    const params: unknown[] = [member, limit];
    if (after) params.push(after[0], after[1]);
    return em.query(
      `SELECT m.id, m.report_a, m.report_b, m.member_a, m.member_b, m.indicator_kinds, m.created_at
         FROM report_match m WHERE (m.member_a = $1 OR m.member_b = $1) ${after ? 'AND (m.created_at, m.id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY m.created_at DESC, m.id DESC LIMIT $2`,
      params,
    );
  }

  /** The match, if one of its two reports is `member`'s. */
  async matchOfMember(em: EntityManager, matchId: string, member: string): Promise<StoredMatchRow | undefined> {
    const rows: StoredMatchRow[] = await em.query(`SELECT * FROM report_match WHERE id = $1 AND (member_a = $2 OR member_b = $2)`, [
      matchId,
      member,
    ]);
    return rows[0];
  }

  /** Ubiquitous values carried by at least one live report passing `visibility`, counted over those reports only. */
  ubiquitousIndicators(em: EntityManager, visibility: SqlFragment, limit: number): Promise<UbiquitousRow[]> {
    return em.query(
      `SELECT c.kind, c.display_value, count(*)::int AS visible_count
         FROM indicator_count c
         JOIN report_indicator ri ON ri.hash = c.hash
         JOIN report r ON r.id = ri.report_id AND r.purged_at IS NULL
        WHERE c.ubiquitous_since IS NOT NULL AND ${visibility.sql}
        GROUP BY c.hash, c.kind, c.display_value
        ORDER BY visible_count DESC, c.hash LIMIT $${visibility.params.length + 1}`,
      [...visibility.params, limit],
    );
  }
}
