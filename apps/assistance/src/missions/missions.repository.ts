import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning';

export const MISSION_STATES = ['planned', 'scheduled', 'in_delivery', 'delivered', 'cancelled'] as const;
export type MissionState = (typeof MISSION_STATES)[number];

/**
 * Where the mission stands in the funding saga. not_requested -> pending -> funded | rejected; a funded mission
 * that is delivered goes posting -> posted, one that is cancelled goes releasing -> released (or straight to
 * released when nothing was reserved yet... see MissionLifecycle.cancel).
 */
export const FUNDING_STATUSES = ['not_requested', 'pending', 'funded', 'rejected', 'posting', 'posted', 'releasing', 'released'] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

/**
 * Where the mission's practical arrangements stand, in order. Coordinators take any move; an assigned expert
 * reports their own travel and visa (see LOGISTICS_EXPERT_STEPS). Going back (a cancelled flight) needs a reason.
 */
export const LOGISTICS_STATUSES = ['not_started', 'travel_booked', 'visas_obtained', 'venue_confirmed', 'ready'] as const;
export type LogisticsStatus = (typeof LOGISTICS_STATUSES)[number];
/** The steps an expert assigned to the mission may report (forward only). */
export const LOGISTICS_EXPERT_STEPS: readonly LogisticsStatus[] = ['travel_booked', 'visas_obtained'];

/** What a mission history entry records. */
export const MISSION_CHANGES = [
  'planned',
  'logistics',
  'funding_requested',
  'funding_re_requested',
  'funding_overdue',
  'funding_answer',
  'state',
  'expert_assigned',
] as const;
export type MissionChange = (typeof MISSION_CHANGES)[number];

export interface MissionHistoryRow {
  change: MissionChange;
  from_value: string | null;
  to_value: string | null;
  actor: string;
  actor_member: string;
  reason: string | null;
  version: number;
  at: Date;
}

export interface MissionRow {
  id: string;
  request_id: string;
  member: string;
  kind: string;
  thematic_area: string;
  title: string;
  start_date: string;
  end_date: string;
  location: string;
  language: string;
  travel_cents: string | number;
  subsistence_cents: string | number;
  fees_cents: string | number;
  budget_line: string;
  fiscal_year: number;
  state: MissionState;
  funding_status: FundingStatus;
  funding_reason: string | null;
  funding_requested_at: Date | null;
  actual_cents: string | number | null;
  report: { findings: string; recommendations: string[] } | null;
  logistics_status: LogisticsStatus;
  /** Funding requests sent for the current approval (the first and the automatic re-requests). */
  funding_attempts: number;
  /** When the scheduler looks at a pending request next (re-request it, or mark it overdue). */
  funding_next_attempt_at: Date | null;
  /** Set when the re-requests are used up without an answer: the mission shows funding overdue. */
  funding_overdue_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `m.id, m.request_id, m.member, m.kind, m.thematic_area, m.title, m.start_date::text AS start_date, m.end_date::text AS end_date,
  m.location, m.language, m.travel_cents, m.subsistence_cents, m.fees_cents, m.budget_line, m.fiscal_year, m.state, m.funding_status,
  m.funding_reason, m.funding_requested_at, m.actual_cents, m.report, m.logistics_status, m.funding_attempts, m.funding_next_attempt_at,
  m.funding_overdue_at, m.version, m.created_at, m.updated_at`;

export interface AssignedExpertRow {
  expert_id: string;
  subject: string;
}

/** Every SQL statement on missions and their experts. */
@Injectable()
export class MissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, m: MissionRow): Promise<void> {
    await em.query(
      `INSERT INTO mission (id, request_id, member, kind, thematic_area, title, start_date, end_date, location, language, travel_cents,
         subsistence_cents, fees_cents, budget_line, fiscal_year, state, funding_status, version, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
      [
        m.id,
        m.request_id,
        m.member,
        m.kind,
        m.thematic_area,
        m.title,
        m.start_date,
        m.end_date,
        m.location,
        m.language,
        m.travel_cents,
        m.subsistence_cents,
        m.fees_cents,
        m.budget_line,
        m.fiscal_year,
        m.state,
        m.funding_status,
        m.version,
        m.created_at,
        m.updated_at,
      ],
    );
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<MissionRow | null> {
    const rows: MissionRow[] = await em.query(`SELECT ${COLUMNS} FROM mission m WHERE m.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async ofRequest(em: EntityManager, requestId: string, lock = false): Promise<MissionRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM mission m WHERE m.request_id = $1 ORDER BY m.start_date, m.id ${lock ? 'FOR UPDATE' : ''}`, [
      requestId,
    ]);
  }

  /** The mission a follow-up visit follows up: `missionId` (of this request), else the request's last delivered one. */
  async followedUp(em: EntityManager, requestId: string, missionId: string | null): Promise<MissionRow | null> {
    const rows: MissionRow[] = await em.query(
      `SELECT ${COLUMNS} FROM mission m WHERE m.request_id = $1 AND (m.id = $2 OR ($2::uuid IS NULL AND m.state = 'delivered'))
        ORDER BY m.end_date DESC, m.id DESC LIMIT 1`,
      [requestId, missionId],
    );
    return rows[0] ?? null;
  }

  async ofRequests(requestIds: string[]): Promise<MissionRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM mission m WHERE m.request_id = ANY($1) ORDER BY m.start_date, m.id`, [requestIds]);
  }

  async assignedExperts(missionId: string, em: EntityManager = this.dataSource.manager): Promise<AssignedExpertRow[]> {
    return em.query(
      `SELECT e.id AS expert_id, e.subject FROM mission_expert me JOIN expert e ON e.id = me.expert_id WHERE me.mission_id = $1 ORDER BY e.id`,
      [missionId],
    );
  }

  /** Applies a change to the named columns and bumps the version. */
  async update(em: EntityManager, id: string, set: Partial<Record<keyof MissionRow, unknown>>, at: Date): Promise<MissionRow> {
    const keys = Object.keys(set);
    const params: unknown[] = [
      id,
      at,
      ...keys.map((k) => (k === 'report' ? JSON.stringify(set[k as keyof MissionRow]) : set[k as keyof MissionRow])),
    ];
    const assignments = keys.map((k, i) => `${k} = $${i + 3}`).join(', ');
    const rows = returnedRows<MissionRow>(
      await em.query(
        `UPDATE mission m SET ${assignments}${keys.length ? ', ' : ''}version = version + 1, updated_at = $2 WHERE m.id = $1 RETURNING ${COLUMNS}`,
        params,
      ),
    );
    return rows[0];
  }

  /** Newest first. `scope`: every mission (coordinator), one Member's, or one expert's (by token subject). */
  async list(
    scope: { all: true } | { member: string } | { expertSubject: string },
    filter: { states?: MissionState[] } = {},
  ): Promise<MissionRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if ('member' in scope) where.push(`m.member = $${params.push(scope.member)}`);
    if ('expertSubject' in scope) {
      where.push(
        `EXISTS (SELECT 1 FROM mission_expert me JOIN expert e ON e.id = me.expert_id WHERE me.mission_id = m.id AND e.subject = $${params.push(scope.expertSubject)})`,
      );
    }
    if (filter.states) where.push(`m.state = ANY($${params.push(filter.states)})`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM mission m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.start_date DESC, m.id LIMIT 1000`,
      params,
    );
  }

  /** The expert's other live missions whose dates meet [start, end]. */
  async overlapping(
    em: EntityManager,
    expertId: string,
    missionId: string,
    start: string,
    end: string,
  ): Promise<{ id: string; start_date: string; end_date: string }[]> {
    return em.query(
      `SELECT m.id, m.start_date::text AS start_date, m.end_date::text AS end_date FROM mission_expert me JOIN mission m ON m.id = me.mission_id
       WHERE me.expert_id = $1 AND m.id <> $2 AND m.state <> 'cancelled' AND m.start_date <= $4::date AND m.end_date >= $3::date`,
      [expertId, missionId, start, end],
    );
  }

  async recordHistory(em: EntityManager, missionId: string, h: MissionHistoryRow): Promise<void> {
    await em.query(
      `INSERT INTO mission_history (mission_id, change, from_value, to_value, actor, actor_member, reason, version, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [missionId, h.change, h.from_value, h.to_value, h.actor, h.actor_member, h.reason, h.version, h.at],
    );
  }

  async history(missionId: string): Promise<MissionHistoryRow[]> {
    return this.dataSource.query(
      `SELECT change, from_value, to_value, actor, actor_member, reason, version, at FROM mission_history WHERE mission_id = $1 ORDER BY id`,
      [missionId],
    );
  }

  /**
   * Pending funding requests whose wait is over, locked; rows another instance is working on are skipped, so
   * several instances of the service can run the scheduler without re-requesting one mission twice.
   */
  async dueFundingRequests(em: EntityManager, now: Date, limit: number): Promise<MissionRow[]> {
    return em.query(
      `SELECT ${COLUMNS} FROM mission m WHERE m.funding_status = 'pending' AND m.funding_overdue_at IS NULL AND m.funding_next_attempt_at <= $1
       ORDER BY m.funding_next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async assign(em: EntityManager, missionId: string, expertId: string, by: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO mission_expert (mission_id, expert_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [missionId, expertId, by, at],
    );
    return rows.length > 0;
  }
}
