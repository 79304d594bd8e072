import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type FiscalYearStatus = 'planning' | 'open' | 'closing' | 'closed';
export type VersionStatus = 'draft' | 'submitted' | 'accepted' | 'superseded';

export interface FiscalYearRow {
  year: number;
  status: FiscalYearStatus;
  accepted_version_id: string | null;
}

export interface VersionRow {
  id: string;
  fiscal_year: number;
  number: number;
  title: string;
  status: VersionStatus;
  request_hash: string;
  superseded_by: string | null;
  created_at: Date;
}

export interface VersionLineRow {
  code: string;
  title: string;
  programme: string;
  appropriation_cents: string;
}

export interface BudgetLineRow {
  id: string;
  fiscal_year: number;
  code: string;
  chapter: string;
  article: string;
  line: string;
  title: string;
  programme: string;
  original_cents: string;
  final_cents: string;
  committed_cents: string;
  obligated_cents: string;
  spent_cents: string;
}

export interface ExpiredCommitmentRow {
  id: string;
  line_code: string;
  amount_cents: string;
  mission_id: string | null;
}

const YEAR_COLUMNS = `y.year, y.status, (SELECT v.id FROM budget_version v WHERE v.fiscal_year = y.year AND v.status = 'accepted') AS accepted_version_id`;

/** Every SQL statement of fiscal years, budget versions and budget lines. */
@Injectable()
export class BudgetRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertYear(em: EntityManager, year: number, createdBy: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO fiscal_year (year, status, created_by) VALUES ($1, 'planning', $2) ON CONFLICT DO NOTHING RETURNING year`,
      [year, createdBy],
    );
    return rows.length === 1;
  }

  async findYear(year: number, em: EntityManager = this.dataSource.manager, lock = false): Promise<FiscalYearRow | null> {
    const rows: FiscalYearRow[] = await em.query(
      `SELECT ${YEAR_COLUMNS} FROM fiscal_year y WHERE y.year = $1 ${lock ? 'FOR UPDATE OF y' : ''}`,
      [year],
    );
    return rows[0] ?? null;
  }

  async listYears(): Promise<FiscalYearRow[]> {
    return this.dataSource.query(`SELECT ${YEAR_COLUMNS} FROM fiscal_year y ORDER BY y.year`);
  }

  async setYearStatus(em: EntityManager, year: number, status: FiscalYearStatus): Promise<void> {
    const stamp = { open: 'opened_at', closing: 'closing_at', closed: 'closed_at', planning: null }[status];
    await em.query(`UPDATE fiscal_year SET status = $2${stamp ? `, ${stamp} = now()` : ''} WHERE year = $1`, [year, status]);
  }

  async insertVersion(
    em: EntityManager,
    v: { id: string; year: number; title: string; hash: string; createdBy: string },
  ): Promise<number | null> {
    const rows: { number: number }[] = await em.query(
      `INSERT INTO budget_version (id, fiscal_year, number, title, status, request_hash, created_by)
       SELECT $1, $2, coalesce(max(number), 0) + 1, $3, 'draft', $4, $5 FROM budget_version WHERE fiscal_year = $2
       ON CONFLICT (id) DO NOTHING RETURNING number`,
      [v.id, v.year, v.title, v.hash, v.createdBy],
    );
    return rows[0]?.number ?? null;
  }

  async insertVersionLines(
    em: EntityManager,
    versionId: string,
    lines: { code: string; title: string; programme: string; appropriationCents: bigint }[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO budget_version_line (version_id, code, title, programme, appropriation_cents)
       SELECT $1, * FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::bigint[])`,
      [
        versionId,
        lines.map((l) => l.code),
        lines.map((l) => l.title),
        lines.map((l) => l.programme),
        lines.map((l) => l.appropriationCents.toString()),
      ],
    );
  }

  async findVersion(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<VersionRow | null> {
    const rows: VersionRow[] = await em.query(`SELECT * FROM budget_version WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async versionLines(id: string, em: EntityManager = this.dataSource.manager): Promise<VersionLineRow[]> {
    return em.query(`SELECT code, title, programme, appropriation_cents FROM budget_version_line WHERE version_id = $1 ORDER BY code`, [
      id,
    ]);
  }

  async listVersions(year: number, em: EntityManager = this.dataSource.manager): Promise<VersionRow[]> {
    return em.query(`SELECT * FROM budget_version WHERE fiscal_year = $1 ORDER BY number`, [year]);
  }

  async setVersionStatus(em: EntityManager, id: string, status: VersionStatus, by: string, supersededBy?: string): Promise<void> {
    if (status === 'superseded') {
      await em.query(`UPDATE budget_version SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [id, supersededBy]);
      return;
    }
    const who = status === 'submitted' ? 'submitted' : 'accepted';
    await em.query(`UPDATE budget_version SET status = $2, ${who}_by = $3, ${who}_at = now() WHERE id = $1`, [id, status, by]);
  }

  /** The year's lines locked in code order (one order everywhere, so two transactions never deadlock on them). */
  async lockYearLines(em: EntityManager, year: number): Promise<BudgetLineRow[]> {
    return em.query(`SELECT * FROM budget_line WHERE fiscal_year = $1 ORDER BY code FOR UPDATE`, [year]);
  }

  async insertLine(em: EntityManager, l: Omit<BudgetLineRow, 'committed_cents' | 'obligated_cents' | 'spent_cents'>): Promise<void> {
    await em.query(
      `INSERT INTO budget_line (id, fiscal_year, code, chapter, article, line, title, programme, original_cents, final_cents)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [l.id, l.fiscal_year, l.code, l.chapter, l.article, l.line, l.title, l.programme, l.original_cents, l.final_cents],
    );
  }

  async updateLineAppropriation(em: EntityManager, id: string, title: string, programme: string, finalCents: string): Promise<void> {
    await em.query(`UPDATE budget_line SET title = $2, programme = $3, final_cents = $4 WHERE id = $1`, [id, title, programme, finalCents]);
  }

  async yearLines(year: number): Promise<BudgetLineRow[]> {
    return this.dataSource.query(`SELECT * FROM budget_line WHERE fiscal_year = $1 ORDER BY code`, [year]);
  }

  /** Year closing: every pending commitment of the year expires and gives its amount back to its line. */
  async expirePendingCommitments(em: EntityManager, year: number): Promise<ExpiredCommitmentRow[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [expired]: [ExpiredCommitmentRow[], number] = await em.query(
      `UPDATE commitment c SET status = 'expired', released_cents = c.amount_cents, settled_at = now()
       FROM budget_line l WHERE c.line_id = l.id AND c.fiscal_year = $1 AND c.status = 'pending'
       RETURNING c.id, l.code AS line_code, c.amount_cents, c.mission_id`,
      [year],
    );
    await em.query(`UPDATE budget_line l SET committed_cents = 0 WHERE l.fiscal_year = $1 AND l.committed_cents <> 0`, [year]);
    return expired;
  }
}
