import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EngagementState, PlanState, RecommendationState } from './audit-workflow';

export interface PlanRow {
  id: string;
  cursor_at: string;
  fiscal_year: number;
  version: number;
  title: string;
  status: PlanState;
  request_hash: string;
  agreed_by: string | null;
  agreed_at: Date | null;
  superseded_by: string | null;
  created_at: Date;
  engagement_count: number;
}

export interface EngagementRow {
  id: string;
  cursor_at: string;
  plan_id: string;
  fiscal_year: number;
  title: string;
  scope: string;
  lead_auditor: string;
  planned_start: string;
  planned_end: string;
  status: EngagementState;
  request_hash: string;
  created_at: Date;
  plan_status: PlanState;
}

export interface FindingRow {
  id: string;
  cursor_at: string;
  engagement_id: string;
  title: string;
  description: string;
  severity: string;
  request_hash: string;
  created_at: Date;
}

export interface RecommendationRow {
  id: string;
  cursor_at: string;
  finding_id: string;
  engagement_id: string;
  fiscal_year: number;
  text: string;
  priority: string;
  severity: string;
  owner: string;
  due_date: string;
  status: RecommendationState;
  risk_acceptance: string | null;
  overdue: boolean;
  overdue_open: boolean;
  overdue_episodes: number;
  created_at: Date;
}

export interface ActionPlanRow {
  recommendation_id: string;
  version: number;
  actions: string;
  target_date: string;
  submitted_by: string;
  submitted_at: Date;
}

export interface HistoryRow {
  change: string;
  from_value: string | null;
  to_value: string;
  changed_by: string;
  changed_at: Date;
  reason: string | null;
}

export interface HistoryEntry {
  kind: 'plan' | 'engagement' | 'recommendation';
  id: string;
  change: 'created' | 'status' | 'due_date' | 'action_plan' | 'overdue';
  from: string | null;
  to: string;
  by: string;
  reason?: string | null;
}

/** A keyset position of a newest-first list: (created_at, id) strictly before it. */
export interface Page {
  limit: number;
  after?: [at: string, id: string];
}

// Dates as text, so that no time zone ever shifts a due date by a day; `cursor_at` keeps the microseconds of
// created_at that a JavaScript Date would drop (a page boundary inside one millisecond would lose rows).
const CURSOR_AT = (alias: string) => `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;
const PLAN_SELECT = `SELECT p.*, ${CURSOR_AT('p')}, (SELECT count(*)::int FROM audit_engagement e WHERE e.plan_id = p.id) AS engagement_count FROM audit_plan p`;
const ENGAGEMENT_SELECT = `SELECT e.id, e.plan_id, e.fiscal_year, e.title, e.scope, e.lead_auditor, e.planned_start::text, e.planned_end::text,
  e.status, e.request_hash, e.created_at, ${CURSOR_AT('e')}, p.status AS plan_status FROM audit_engagement e JOIN audit_plan p ON p.id = e.plan_id`;
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const RECOMMENDATION_SELECT = `SELECT r.id, r.finding_id, f.engagement_id, e.fiscal_year, r.text, r.priority, f.severity, r.owner,
  r.due_date::text, r.status, r.risk_acceptance, r.overdue_open, r.overdue_episodes, r.created_at, ${CURSOR_AT('r')},
  (r.status IN ('open', 'in_progress') AND r.due_date < ${TODAY}) AS overdue
  FROM audit_recommendation r JOIN audit_finding f ON f.id = r.finding_id JOIN audit_engagement e ON e.id = f.engagement_id`;

/** Builds `WHERE` clauses with numbered parameters. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sql: (p: string) => string, value: unknown): void {
    if (value === undefined) return;
    this.params.push(value);
    this.clauses.push(sql(`$${this.params.length}`));
  }
  page(alias: string, page: Page): string {
    if (page.after) {
      this.params.push(page.after[0], page.after[1]);
      const n = this.params.length;
      this.clauses.push(`(${alias}.created_at, ${alias}.id) < ($${n - 1}::timestamptz, $${n}::uuid)`);
    }
    this.params.push(page.limit + 1);
    const where = this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
    return `${where} ORDER BY ${alias}.created_at DESC, ${alias}.id DESC LIMIT $${this.params.length}`;
  }
}

/** Every SQL statement of audit plans, engagements, findings, recommendations, action plans and their history. */
@Injectable()
export class AuditPlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  private em(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** Serialises the plan versions of one year (numbering, agreement). */
  async lockYear(em: EntityManager, year: number): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`budget-audit:audit-plan:${year}`]);
  }

  async insertPlan(em: EntityManager, p: { id: string; year: number; title: string; hash: string; by: string }): Promise<number | null> {
    const rows: { version: number }[] = await em.query(
      `INSERT INTO audit_plan (id, fiscal_year, version, title, status, request_hash, created_by)
       SELECT $1, $2, coalesce(max(version), 0) + 1, $3, 'draft', $4, $5 FROM audit_plan WHERE fiscal_year = $2
       ON CONFLICT (id) DO NOTHING RETURNING version`,
      [p.id, p.year, p.title, p.hash, p.by],
    );
    return rows[0]?.version ?? null;
  }

  async findPlan(id: string, em?: EntityManager, lock = false): Promise<PlanRow | null> {
    const rows: PlanRow[] = await this.em(em).query(`${PLAN_SELECT} WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async agreedPlan(em: EntityManager, year: number): Promise<PlanRow | null> {
    const rows: PlanRow[] = await em.query(`${PLAN_SELECT} WHERE p.fiscal_year = $1 AND p.status = 'agreed' FOR UPDATE OF p`, [year]);
    return rows[0] ?? null;
  }

  async setPlanStatus(em: EntityManager, id: string, status: PlanState, by: string, supersededBy?: string): Promise<void> {
    if (status === 'agreed') {
      await em.query(`UPDATE audit_plan SET status = 'agreed', agreed_by = $2, agreed_at = now() WHERE id = $1`, [id, by]);
    } else if (status === 'superseded') {
      await em.query(`UPDATE audit_plan SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [id, supersededBy]);
    } else {
      await em.query(`UPDATE audit_plan SET status = $2 WHERE id = $1`, [id, status]);
    }
  }

  async listPlans(filter: { fiscalYear?: number; status?: string }, page: Page): Promise<PlanRow[]> {
    const w = new Where();
    w.add((p) => `p.fiscal_year = ${p}`, filter.fiscalYear);
    w.add((p) => `p.status = ${p}`, filter.status);
    const tail = w.page('p', page);
    return this.dataSource.query(`${PLAN_SELECT} ${tail}`, w.params);
  }

  async insertEngagement(
    em: EntityManager,
    e: { id: string; planId: string; year: number; title: string; scope: string; leadAuditor: string; start: string; end: string },
    hash: string,
    by: string,
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO audit_engagement (id, plan_id, fiscal_year, title, scope, lead_auditor, planned_start, planned_end, status, request_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'planned', $9, $10) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [e.id, e.planId, e.year, e.title, e.scope, e.leadAuditor, e.start, e.end, hash, by],
    );
    return rows.length === 1;
  }

  async findEngagement(id: string, em?: EntityManager, lock = false): Promise<EngagementRow | null> {
    const rows: EngagementRow[] = await this.em(em).query(`${ENGAGEMENT_SELECT} WHERE e.id = $1 ${lock ? 'FOR UPDATE OF e' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async setEngagementStatus(em: EntityManager, id: string, status: EngagementState): Promise<void> {
    await em.query(`UPDATE audit_engagement SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  }

  async listEngagements(filter: { planId?: string; fiscalYear?: number; status?: string }, page: Page): Promise<EngagementRow[]> {
    const w = new Where();
    w.add((p) => `e.plan_id = ${p}`, filter.planId);
    w.add((p) => `e.fiscal_year = ${p}`, filter.fiscalYear);
    w.add((p) => `e.status = ${p}`, filter.status);
    const tail = w.page('e', page);
    return this.dataSource.query(`${ENGAGEMENT_SELECT} ${tail}`, w.params);
  }

  async insertFinding(
    em: EntityManager,
    f: { id: string; engagementId: string; title: string; description: string; severity: string },
    hash: string,
    by: string,
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO audit_finding (id, engagement_id, title, description, severity, request_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [f.id, f.engagementId, f.title, f.description, f.severity, hash, by],
    );
    return rows.length === 1;
  }

  /** false when one of the ids exists already (the caller rolls back: nothing half written). */
  async insertRecommendations(
    em: EntityManager,
    findingId: string,
    recs: { id: string; text: string; priority: string; owner: string; dueDate: string }[],
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO audit_recommendation (id, finding_id, text, priority, owner, due_date, status)
       SELECT id, $1, text, priority, owner, due_date, 'open'
       FROM unnest($2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::date[]) AS r (id, text, priority, owner, due_date)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        findingId,
        recs.map((r) => r.id),
        recs.map((r) => r.text),
        recs.map((r) => r.priority),
        recs.map((r) => r.owner),
        recs.map((r) => r.dueDate),
      ],
    );
    return rows.length === recs.length;
  }

  async findFinding(id: string, em?: EntityManager): Promise<FindingRow | null> {
    const rows: FindingRow[] = await this.em(em).query(`SELECT * FROM audit_finding WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async listFindings(filter: { engagementId?: string; severity?: string }, page: Page): Promise<FindingRow[]> {
    const w = new Where();
    w.add((p) => `f.engagement_id = ${p}`, filter.engagementId);
    w.add((p) => `f.severity = ${p}`, filter.severity);
    const tail = w.page('f', page);
    return this.dataSource.query(`SELECT f.*, ${CURSOR_AT('f')} FROM audit_finding f ${tail}`, w.params);
  }

  async recommendationsOf(findingIds: string[], em?: EntityManager): Promise<RecommendationRow[]> {
    if (findingIds.length === 0) return [];
    return this.em(em).query(`${RECOMMENDATION_SELECT} WHERE r.finding_id = ANY($1::uuid[]) ORDER BY r.created_at, r.id`, [findingIds]);
  }

  async recommendationsByIds(em: EntityManager, ids: string[]): Promise<RecommendationRow[]> {
    return em.query(`${RECOMMENDATION_SELECT} WHERE r.id = ANY($1::uuid[])`, [ids]);
  }

  async findRecommendation(id: string, em?: EntityManager, lock = false): Promise<RecommendationRow | null> {
    const rows: RecommendationRow[] = await this.em(em).query(`${RECOMMENDATION_SELECT} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async listRecommendations(
    filter: { status?: string; overdue?: boolean; severity?: string; priority?: string; owner?: string; engagementId?: string },
    page: Page,
  ): Promise<RecommendationRow[]> {
    const w = new Where();
    w.add((p) => `r.status = ${p}`, filter.status);
    w.add((p) => `(r.status IN ('open', 'in_progress') AND r.due_date < ${TODAY}) = ${p}`, filter.overdue);
    w.add((p) => `f.severity = ${p}`, filter.severity);
    w.add((p) => `r.priority = ${p}`, filter.priority);
    w.add((p) => `r.owner = ${p}`, filter.owner);
    w.add((p) => `f.engagement_id = ${p}`, filter.engagementId);
    const tail = w.page('r', page);
    return this.dataSource.query(`${RECOMMENDATION_SELECT} ${tail}`, w.params);
  }

  /**
   * A status change. Leaving the actionable states (open, in progress) ends an overdue episode; a move between them
   * keeps it (the recommendation is as late as it was).
   */
  async setRecommendationStatus(em: EntityManager, id: string, status: RecommendationState, riskAcceptance?: string): Promise<void> {
    await em.query(
      `UPDATE audit_recommendation SET status = $2::varchar, risk_acceptance = coalesce($3, risk_acceptance), updated_at = now(),
         overdue_open = overdue_open AND $2::varchar IN ('open', 'in_progress') WHERE id = $1`,
      [id, status, riskAcceptance ?? null],
    );
  }

  /** A new due date ends the overdue episode; if the new date has passed too, the next sweep starts another. */
  async setDueDate(em: EntityManager, id: string, dueDate: string): Promise<void> {
    await em.query(`UPDATE audit_recommendation SET due_date = $2, overdue_open = false, updated_at = now() WHERE id = $1`, [id, dueDate]);
  }

  async actionPlans(ids: string[], em?: EntityManager): Promise<ActionPlanRow[]> {
    if (ids.length === 0) return [];
    return this.em(em).query(
      `SELECT recommendation_id, version, actions, target_date::text, submitted_by, submitted_at FROM audit_action_plan
       WHERE recommendation_id = ANY($1::uuid[]) ORDER BY recommendation_id, version`,
      [ids],
    );
  }

  async insertActionPlan(em: EntityManager, id: string, actions: string, targetDate: string, by: string): Promise<number> {
    const rows: { version: number }[] = await em.query(
      `INSERT INTO audit_action_plan (recommendation_id, version, actions, target_date, submitted_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4 FROM audit_action_plan WHERE recommendation_id = $1 RETURNING version`,
      [id, actions, targetDate, by],
    );
    return rows[0].version;
  }

  /**
   * Overdue recommendations not reported in their current episode, locked; rows another sweep holds are skipped
   * (FOR UPDATE SKIP LOCKED), and one it has just reported no longer matches `NOT overdue_open` when re-read.
   */
  async claimOverdue(em: EntityManager, asOf: string, limit: number): Promise<RecommendationRow[]> {
    return em.query(
      `${RECOMMENDATION_SELECT} WHERE r.status IN ('open', 'in_progress') AND NOT r.overdue_open AND r.due_date < $1::date
       ORDER BY r.due_date, r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
      [asOf, limit],
    );
  }

  async markOverdue(em: EntityManager, id: string): Promise<number> {
    const [rows]: [{ overdue_episodes: number }[], number] = await em.query(
      `UPDATE audit_recommendation SET overdue_open = true, overdue_episodes = overdue_episodes + 1 WHERE id = $1 RETURNING overdue_episodes`,
      [id],
    );
    return rows[0].overdue_episodes;
  }

  async today(): Promise<string> {
    const rows: { today: string }[] = await this.dataSource.query(`SELECT ${TODAY}::text AS today`);
    return rows[0].today;
  }

  async addHistory(em: EntityManager, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await em.query(
      `INSERT INTO audit_history (subject_kind, subject_id, change, from_value, to_value, changed_by, reason)
       SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[])`,
      [
        entries.map((e) => e.kind),
        entries.map((e) => e.id),
        entries.map((e) => e.change),
        entries.map((e) => e.from),
        entries.map((e) => e.to),
        entries.map((e) => e.by),
        entries.map((e) => e.reason ?? null),
      ],
    );
  }

  /** Who last moved the recommendation to `status`. */
  async lastMovedBy(em: EntityManager, id: string, status: string): Promise<string | null> {
    const rows: { changed_by: string }[] = await em.query(
      `SELECT changed_by FROM audit_history WHERE subject_id = $1 AND change = 'status' AND to_value = $2 ORDER BY id DESC LIMIT 1`,
      [id, status],
    );
    return rows[0]?.changed_by ?? null;
  }

  async history(id: string): Promise<HistoryRow[]> {
    return this.dataSource.query(
      `SELECT change, from_value, to_value, changed_by, changed_at, reason FROM audit_history WHERE subject_id = $1 ORDER BY id`,
      [id],
    );
  }
}
