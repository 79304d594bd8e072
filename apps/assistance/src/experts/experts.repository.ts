import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning';

export interface ExpertRow {
  id: string;
  subject: string;
  member: string;
  languages: string[];
  thematic_areas: string[];
  accreditation_programme: string;
  accredited_on: string;
  accredited_until: string;
  active: boolean;
  created_at: Date;
}

const COLUMNS = `e.id, e.subject, e.member, e.languages, e.thematic_areas, e.accreditation_programme, e.accredited_on::text AS accredited_on,
  e.accredited_until::text AS accredited_until, e.active, e.created_at`;

export interface ExpertSearch {
  language?: string;
  thematicArea?: string;
  /** Accredited through this date and without a live mission between `availableFrom` and `availableTo`. */
  availableFrom?: string;
  availableTo?: string;
}

/** The roster; names and e-mail addresses live in restricted.expert_contact. */
@Injectable()
export class ExpertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, e: ExpertRow, contact: { fullName: string; email: string }): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO expert (id, subject, member, languages, thematic_areas, accreditation_programme, accredited_on, accredited_until, active, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (subject) DO NOTHING RETURNING 1`,
      [
        e.id,
        e.subject,
        e.member,
        e.languages,
        e.thematic_areas,
        e.accreditation_programme,
        e.accredited_on,
        e.accredited_until,
        e.active,
        e.created_at,
      ],
    );
    if (rows.length === 0) return false;
    await em.query(`INSERT INTO restricted.expert_contact (expert_id, full_name, email) VALUES ($1, $2, $3)`, [
      e.id,
      contact.fullName,
      contact.email,
    ]);
    return true;
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<ExpertRow | null> {
    const rows: ExpertRow[] = await em.query(`SELECT ${COLUMNS} FROM expert e WHERE e.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async findBySubject(subject: string): Promise<ExpertRow | null> {
    const rows: ExpertRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM expert e WHERE e.subject = $1`, [subject]);
    return rows[0] ?? null;
  }

  async contactOf(id: string): Promise<{ fullName: string; email: string } | null> {
    const rows: { full_name: string; email: string }[] = await this.dataSource.query(
      `SELECT full_name, email FROM restricted.expert_contact WHERE expert_id = $1`,
      [id],
    );
    return rows[0] ? { fullName: rows[0].full_name, email: rows[0].email } : null;
  }

  async search(s: ExpertSearch, limit: number): Promise<ExpertRow[]> {
    const params: unknown[] = [limit];
    const where = ['e.active'];
    if (s.language) where.push(`$${params.push(s.language)} = ANY(e.languages)`);
    if (s.thematicArea) where.push(`$${params.push(s.thematicArea)} = ANY(e.thematic_areas)`);
    if (s.availableFrom && s.availableTo) {
      const from = params.push(s.availableFrom);
      const to = params.push(s.availableTo);
      where.push(`e.accredited_until >= $${to}::date`);
      where.push(`NOT EXISTS (SELECT 1 FROM mission_expert me JOIN mission m ON m.id = me.mission_id
        WHERE me.expert_id = e.id AND m.state <> 'cancelled' AND m.start_date <= $${to}::date AND m.end_date >= $${from}::date)`);
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM expert e WHERE ${where.join(' AND ')} ORDER BY e.created_at, e.id LIMIT $1`,
      params,
    );
  }

  async update(
    id: string,
    change: { active?: boolean; accreditedUntil?: string; languages?: string[]; thematicAreas?: string[] },
  ): Promise<ExpertRow | null> {
    const rows = returnedRows<ExpertRow>(
      await this.dataSource.query(
        `UPDATE expert e SET active = COALESCE($2, active), accredited_until = COALESCE($3::date, accredited_until),
         languages = COALESCE($4, languages), thematic_areas = COALESCE($5, thematic_areas)
       WHERE e.id = $1 AND COALESCE($3::date, accredited_until) >= accredited_on RETURNING ${COLUMNS}`,
        [id, change.active ?? null, change.accreditedUntil ?? null, change.languages ?? null, change.thematicAreas ?? null],
      ),
    );
    return rows[0] ?? null;
  }

  /** Stores the hash of the expert's calendar token; a new token replaces (revokes) the previous one, null revokes it. */
  async setCalendarTokenHash(expertId: string, hash: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE expert SET calendar_token_hash = $2 WHERE id = $1`, [expertId, hash]);
  }

  async findByCalendarTokenHash(hash: string): Promise<ExpertRow | null> {
    const rows: ExpertRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM expert e WHERE e.calendar_token_hash = $1 AND e.active`, [
      hash,
    ]);
    return rows[0] ?? null;
  }
}
