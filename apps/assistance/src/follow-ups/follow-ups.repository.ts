import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning';
import type { FollowUpStatus } from './dto/follow-up.dto';

export interface FollowUpRow {
  id: string;
  request_id: string;
  mission_id: string | null;
  member: string;
  planned_date: string;
  purpose: string;
  status: FollowUpStatus;
  outcome: string | null;
  reason: string | null;
  created_by: string;
  closed_by: string | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `f.id, f.request_id, f.mission_id, f.member, f.planned_date::text AS planned_date, f.purpose, f.status, f.outcome, f.reason,
  f.created_by, f.closed_by, f.closed_at, f.version, f.created_at, f.updated_at`;

/** Who the caller is, for the list: every visit, a Member's, or the ones of missions an expert is assigned to. */
export type FollowUpScope = { all: true } | { member: string } | { expertSubject: string };

/** Every SQL statement on follow-up visits. */
@Injectable()
export class FollowUpsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, f: FollowUpRow): Promise<void> {
    await em.query(
      `INSERT INTO follow_up_visit (id, request_id, mission_id, member, planned_date, purpose, status, created_by, version, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        f.id,
        f.request_id,
        f.mission_id,
        f.member,
        f.planned_date,
        f.purpose,
        f.status,
        f.created_by,
        f.version,
        f.created_at,
        f.updated_at,
      ],
    );
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<FollowUpRow | null> {
    const rows: FollowUpRow[] = await em.query(`SELECT ${COLUMNS} FROM follow_up_visit f WHERE f.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async list(scope: FollowUpScope, filter: { requestId?: string; status?: FollowUpStatus } = {}): Promise<FollowUpRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if ('member' in scope) where.push(`f.member = $${params.push(scope.member)}`);
    if ('expertSubject' in scope) {
      where.push(
        `EXISTS (SELECT 1 FROM mission_expert me JOIN expert e ON e.id = me.expert_id WHERE me.mission_id = f.mission_id AND e.subject = $${params.push(scope.expertSubject)})`,
      );
    }
    if (filter.requestId) where.push(`f.request_id = $${params.push(filter.requestId)}`);
    if (filter.status) where.push(`f.status = $${params.push(filter.status)}`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM follow_up_visit f ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.planned_date, f.id LIMIT 1000`,
      params,
    );
  }

  async close(
    em: EntityManager,
    id: string,
    change: { status: FollowUpStatus; outcome: string | null; reason: string | null; by: string; at: Date },
  ): Promise<FollowUpRow> {
    const rows = returnedRows<FollowUpRow>(
      await em.query(
        `UPDATE follow_up_visit f SET status = $2, outcome = $3, reason = $4, closed_by = $5, closed_at = $6, updated_at = $6, version = version + 1
         WHERE f.id = $1 RETURNING ${COLUMNS}`,
        [id, change.status, change.outcome, change.reason, change.by, change.at],
      ),
    );
    return rows[0];
  }

  /** Whether the request's evaluation asks for a follow-up visit. */
  async followUpAsked(em: EntityManager, requestId: string): Promise<boolean> {
    const rows: { follow_up_needed: boolean }[] = await em.query(`SELECT follow_up_needed FROM evaluation WHERE request_id = $1`, [
      requestId,
    ]);
    return rows[0]?.follow_up_needed === true;
  }
}
