import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning';
import type { ContactDto, NeedsAssessmentDto } from './dto/request.dto';
import type { RequestState } from './request-workflow';

export interface RequestRow {
  id: string;
  member: string;
  created_by: string;
  kind: string;
  thematic_area: string;
  title: string;
  objectives: string;
  need_source: string;
  need_description: string;
  need_reference: string | null;
  need_baseline: string | null;
  period_start: string;
  period_end: string;
  language: string;
  priority: string;
  state: RequestState;
  held_from: RequestState | null;
  duplicate_of: string | null;
  needs_assessment: NeedsAssessmentDto | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface TransitionRow {
  from_state: RequestState | null;
  to_state: RequestState;
  actor: string;
  actor_member: string;
  reason: string | null;
  version: number;
  at: Date;
}

// Dates come back as 'YYYY-MM-DD' text, not as a JS Date shifted by the server's time zone.
const COLUMNS = `id, member, created_by, kind, thematic_area, title, objectives, need_source, need_description, need_reference,
  need_baseline, period_start::text AS period_start, period_end::text AS period_end, language, priority, state, held_from,
  duplicate_of, needs_assessment, version, created_at, updated_at`;

/** Every SQL statement of the requests feature. */
@Injectable()
export class RequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, row: RequestRow, contact: ContactDto): Promise<void> {
    await em.query(
      `INSERT INTO assistance_request (id, member, created_by, kind, thematic_area, title, objectives, need_source, need_description,
         need_reference, need_baseline, period_start, period_end, language, priority, state, version, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
      [
        row.id,
        row.member,
        row.created_by,
        row.kind,
        row.thematic_area,
        row.title,
        row.objectives,
        row.need_source,
        row.need_description,
        row.need_reference,
        row.need_baseline,
        row.period_start,
        row.period_end,
        row.language,
        row.priority,
        row.state,
        row.version,
        row.created_at,
        row.updated_at,
      ],
    );
    await em.query(`INSERT INTO restricted.request_contact (request_id, name, email, phone) VALUES ($1, $2, $3, $4)`, [
      row.id,
      contact.name,
      contact.email,
      contact.phone ?? null,
    ]);
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<RequestRow | null> {
    const rows: RequestRow[] = await em.query(`SELECT ${COLUMNS} FROM assistance_request WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async contactOf(id: string): Promise<ContactDto | null> {
    const rows: { name: string; email: string; phone: string | null }[] = await this.dataSource.query(
      `SELECT name, email, phone FROM restricted.request_contact WHERE request_id = $1`,
      [id],
    );
    const r = rows[0];
    return r ? { name: r.name, email: r.email, ...(r.phone ? { phone: r.phone } : {}) } : null;
  }

  async history(id: string): Promise<TransitionRow[]> {
    return this.dataSource.query(
      `SELECT from_state, to_state, actor, actor_member, reason, version, at FROM request_transition WHERE request_id = $1 ORDER BY version`,
      [id],
    );
  }

  /**
   * Moves the request if, and only if, it is still at `expectedVersion`: of two concurrent moves the second finds
   * the row changed (PostgreSQL re-checks the WHERE after the first commits) and updates nothing.
   */
  async transition(
    em: EntityManager,
    change: { id: string; expectedVersion: number; to: RequestState; heldFrom: RequestState | null; duplicateOf?: string | null; at: Date },
  ): Promise<RequestRow | null> {
    const rows = returnedRows<RequestRow>(
      await em.query(
        `UPDATE assistance_request SET state = $3, held_from = $4, duplicate_of = COALESCE($5, duplicate_of), version = version + 1, updated_at = $6
       WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
        [change.id, change.expectedVersion, change.to, change.heldFrom, change.duplicateOf ?? null, change.at],
      ),
    );
    return rows[0] ?? null;
  }

  async bumpWithAssessment(
    em: EntityManager,
    id: string,
    expectedVersion: number,
    assessment: NeedsAssessmentDto,
    at: Date,
  ): Promise<RequestRow | null> {
    const rows = returnedRows<RequestRow>(
      await em.query(
        `UPDATE assistance_request SET needs_assessment = $3, version = version + 1, updated_at = $4
       WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
        [id, expectedVersion, JSON.stringify(assessment), at],
      ),
    );
    return rows[0] ?? null;
  }

  async recordTransition(em: EntityManager, requestId: string, t: TransitionRow): Promise<void> {
    await em.query(
      `INSERT INTO request_transition (request_id, from_state, to_state, actor, actor_member, reason, version, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [requestId, t.from_state, t.to_state, t.actor, t.actor_member, t.reason, t.version, t.at],
    );
  }

  /** Newest first; `member` null = every Member (coordinators). */
  async page(member: string | null, filter: { state?: string }, limit: number, after?: [string, string]): Promise<RequestRow[]> {
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    if (member) where.push(`member = $${params.push(member)}`);
    if (filter.state) where.push(`state = $${params.push(filter.state)}`);
    if (after) where.push(`(created_at, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM assistance_request ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
  }

  /**
   * The requests that are IATI activities (`states`: from approval on), and those on hold or cancelled after they
   * were approved; `member` null = every Member.
   */
  async iatiActivities(member: string | null, states: readonly string[]): Promise<RequestRow[]> {
    const params: unknown[] = [states];
    const scope = member ? `AND member = $${params.push(member)}` : '';
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM assistance_request r
        WHERE (state = ANY($1) OR (state IN ('on_hold', 'cancelled')
               AND EXISTS (SELECT 1 FROM request_transition t WHERE t.request_id = r.id AND t.to_state = 'approved'))) ${scope}
        ORDER BY created_at, id LIMIT 1000`,
      params,
    );
  }

  async fundedMissionCount(em: EntityManager, requestId: string): Promise<number> {
    const rows: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM mission WHERE request_id = $1 AND funding_status = 'funded' AND state <> 'cancelled'`,
      [requestId],
    );
    return rows[0].n;
  }

  async hasEvaluation(em: EntityManager, requestId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM evaluation WHERE request_id = $1`, [requestId]);
    return rows.length > 0;
  }
}
