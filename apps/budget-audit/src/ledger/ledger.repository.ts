import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface EntryRow {
  id: string;
  fiscal_year: number;
  kind: 'standard' | 'reversal' | 'adjusting' | 'commitment';
  reverses: string | null;
  reversed_by: string | null;
  corrects: string | null;
  description: string;
  request_hash: string;
  created_at: Date;
}

export interface PostingRow {
  account_code: string;
  line_code: string | null;
  amount_cents: string;
}

export interface LockedLine {
  id: string;
  code: string;
  final_cents: string;
  committed_cents: string;
  spent_cents: string;
}

export interface CommitmentRow {
  id: string;
  fiscal_year: number;
  line_id: string;
  line_code: string;
  amount_cents: string;
  status: 'pending' | 'posted' | 'voided' | 'expired';
  posted_cents: string;
  released_cents: string;
  description: string;
  mission_id: string | null;
  request_hash: string;
  settle_hash: string | null;
  entry_id: string | null;
  created_at: Date;
}

export interface AccountRow {
  code: string;
  name: string;
  type: string;
  status: 'active' | 'inactive';
  created_by: string;
  created_at: Date;
  deactivated_by: string | null;
  deactivated_at: Date | null;
}

export interface NewPosting {
  account: string;
  lineId: string | null;
  /** Signed: debit positive, credit negative. */
  amount: bigint;
}

const ENTRY_COLUMNS = `e.id, e.fiscal_year, e.kind, e.reverses, e.corrects, e.description, e.request_hash, e.created_at,
  (SELECT r.id FROM journal_entry r WHERE r.reverses = e.id) AS reversed_by`;
// The cursor keeps created_at's microseconds (a JavaScript Date would drop them and skip rows).
const CURSOR_AT = (alias: string) => `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;
const ACCOUNT_COLUMNS = `code, name, type, status, created_by, created_at, deactivated_by, deactivated_at`;
const COMMITMENT_COLUMNS = `c.id, c.fiscal_year, c.line_id, l.code AS line_code, c.amount_cents, c.status, c.posted_cents, c.released_cents,
  c.description, c.mission_id, c.request_hash, c.settle_hash, c.entry_id, c.created_at`;

/** Every SQL statement of the journal and the commitments. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes the year FOR SHARE: closing (FOR UPDATE) waits for the writes in flight, and they wait for it. */
  async shareYear(em: EntityManager, year: number): Promise<string | null> {
    const rows: { status: string }[] = await em.query(`SELECT status FROM fiscal_year WHERE year = $1 FOR SHARE`, [year]);
    return rows[0]?.status ?? null;
  }

  async accounts(em: EntityManager = this.dataSource.manager): Promise<AccountRow[]> {
    return em.query(`SELECT ${ACCOUNT_COLUMNS} FROM account ORDER BY code`);
  }

  async findAccount(code: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<AccountRow | null> {
    const rows: AccountRow[] = await em.query(`SELECT ${ACCOUNT_COLUMNS} FROM account WHERE code = $1 ${lock ? 'FOR UPDATE' : ''}`, [code]);
    return rows[0] ?? null;
  }

  /**
   * Type and status of the accounts a posting names, read in the posting's transaction (never from a per-process
   * cache, so a deactivation holds in every process at once) and taken FOR SHARE in code order: a deactivation
   * (an UPDATE of the row) waits for the postings in flight, and a posting that starts after it sees `inactive`.
   */
  async shareAccounts(em: EntityManager, codes: string[]): Promise<Map<string, { type: string; status: string }>> {
    if (codes.length === 0) return new Map();
    const rows: { code: string; type: string; status: string }[] = await em.query(
      `SELECT code, type, status FROM account WHERE code = ANY($1::varchar[]) ORDER BY code FOR SHARE`,
      [[...new Set(codes)]],
    );
    return new Map(rows.map((r) => [r.code, { type: r.type, status: r.status }]));
  }

  /** false when the code exists already (then nothing is written). */
  async insertAccount(em: EntityManager, a: { code: string; name: string; type: string; by: string }): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO account (code, name, type, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [a.code, a.name, a.type, a.by],
    );
    return rows.length === 1;
  }

  async deactivateAccount(em: EntityManager, code: string, by: string): Promise<void> {
    await em.query(`UPDATE account SET status = 'inactive', deactivated_by = $2, deactivated_at = now() WHERE code = $1`, [code, by]);
  }

  /** inactive → active; who deactivated it and when stays in the audit log (the account's history). */
  async reactivateAccount(em: EntityManager, code: string): Promise<void> {
    await em.query(`UPDATE account SET status = 'active', deactivated_by = NULL, deactivated_at = NULL WHERE code = $1`, [code]);
  }

  async renameAccount(em: EntityManager, code: string, name: string): Promise<void> {
    await em.query(`UPDATE account SET name = $2 WHERE code = $1`, [code, name]);
  }

  /** The year's lines with these codes, locked in code order (the one order, so writers never deadlock). */
  async lockLines(em: EntityManager, year: number, codes: string[]): Promise<LockedLine[]> {
    if (codes.length === 0) return [];
    return em.query(
      `SELECT id, code, final_cents, committed_cents, spent_cents FROM budget_line WHERE fiscal_year = $1 AND code = ANY($2::varchar[]) ORDER BY code FOR UPDATE`,
      [year, codes],
    );
  }

  /** The lines the postings of these entries touch, locked in (year, code) order (the batch of reversals). */
  async lockLinesOfEntries(em: EntityManager, entryIds: string[]): Promise<void> {
    if (entryIds.length === 0) return;
    await em.query(
      `SELECT l.id FROM budget_line l WHERE l.id IN (SELECT p.line_id FROM posting p WHERE p.entry_id = ANY($1::uuid[]) AND p.line_id IS NOT NULL)
       ORDER BY l.fiscal_year, l.code FOR UPDATE`,
      [entryIds],
    );
  }

  async addToLine(em: EntityManager, lineId: string, delta: { committed?: bigint; obligated?: bigint; spent?: bigint }): Promise<void> {
    await em.query(
      `UPDATE budget_line SET committed_cents = committed_cents + $2, obligated_cents = obligated_cents + $3, spent_cents = spent_cents + $4 WHERE id = $1`,
      [lineId, (delta.committed ?? 0n).toString(), (delta.obligated ?? 0n).toString(), (delta.spent ?? 0n).toString()],
    );
  }

  /** false when the id exists already (then nothing is written). */
  async insertEntry(
    em: EntityManager,
    e: {
      id: string;
      year: number;
      kind: EntryRow['kind'];
      reverses?: string | null;
      corrects?: string | null;
      description: string;
      hash: string;
      by: string;
    },
    postings: NewPosting[],
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO journal_entry (id, fiscal_year, kind, reverses, corrects, description, request_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [e.id, e.year, e.kind, e.reverses ?? null, e.corrects ?? null, e.description, e.hash, e.by],
    );
    if (rows.length === 0) return false;
    await em.query(
      `INSERT INTO posting (entry_id, n, account_code, line_id, amount_cents)
       SELECT $1, n, a, l, amt FROM unnest($2::varchar[], $3::uuid[], $4::bigint[]) WITH ORDINALITY AS p(a, l, amt, n)`,
      [e.id, postings.map((p) => p.account), postings.map((p) => p.lineId), postings.map((p) => p.amount.toString())],
    );
    return true;
  }

  /** Request hashes of the entries among `ids` that exist already. */
  async entryHashes(em: EntityManager, ids: string[]): Promise<Map<string, { hash: string; year: number }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; request_hash: string; fiscal_year: number }[] = await em.query(
      `SELECT id, request_hash, fiscal_year FROM journal_entry WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { hash: r.request_hash, year: r.fiscal_year }]));
  }

  /**
   * Many entries, their postings and their lines' spent counters in three statements (the batch route). Returns how
   * many entries were inserted: fewer than given means a concurrent writer took one of the ids (nothing of this
   * call should then be kept: the caller rolls back and retries).
   */
  async insertEntries(
    em: EntityManager,
    entries: { id: string; year: number; kind: EntryRow['kind']; corrects: string | null; description: string; hash: string; by: string }[],
    postings: (NewPosting & { entryId: string; n: number })[],
    spent: Map<string, bigint>,
  ): Promise<number> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO journal_entry (id, fiscal_year, kind, corrects, description, request_hash, created_by)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::varchar[], $4::uuid[], $5::varchar[], $6::char(64)[], $7::varchar[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        entries.map((e) => e.id),
        entries.map((e) => e.year),
        entries.map((e) => e.kind),
        entries.map((e) => e.corrects),
        entries.map((e) => e.description),
        entries.map((e) => e.hash),
        entries.map((e) => e.by),
      ],
    );
    if (inserted.length !== entries.length) return inserted.length;
    await em.query(
      `INSERT INTO posting (entry_id, n, account_code, line_id, amount_cents)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::varchar[], $4::uuid[], $5::bigint[])`,
      [
        postings.map((p) => p.entryId),
        postings.map((p) => p.n),
        postings.map((p) => p.account),
        postings.map((p) => p.lineId),
        postings.map((p) => p.amount.toString()),
      ],
    );
    if (spent.size > 0) {
      await em.query(
        `UPDATE budget_line b SET spent_cents = b.spent_cents + d.spent FROM unnest($1::uuid[], $2::bigint[]) AS d(id, spent) WHERE b.id = d.id`,
        [[...spent.keys()], [...spent.values()].map(String)],
      );
    }
    return inserted.length;
  }

  async findEntry(id: string, em: EntityManager = this.dataSource.manager): Promise<EntryRow | null> {
    const rows: EntryRow[] = await em.query(`SELECT ${ENTRY_COLUMNS} FROM journal_entry e WHERE e.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A page of entries, newest first: (created_at, id) after the cursor's position. */
  async listEntries(q: {
    year?: number;
    kind?: string;
    after?: [string, string];
    limit: number;
  }): Promise<(EntryRow & { cursor_at: string })[]> {
    return this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS}, ${CURSOR_AT('e')} FROM journal_entry e
       WHERE ($1::int IS NULL OR e.fiscal_year = $1) AND ($2::varchar IS NULL OR e.kind = $2)
         AND ($3::timestamptz IS NULL OR (e.created_at, e.id) < ($3::timestamptz, $4::uuid))
       ORDER BY e.created_at DESC, e.id DESC LIMIT $5`,
      [q.year ?? null, q.kind ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit + 1],
    );
  }

  /** The postings of many entries, in one query. */
  async postingsOf(entryIds: string[]): Promise<Map<string, PostingRow[]>> {
    const rows: (PostingRow & { entry_id: string })[] = entryIds.length
      ? await this.dataSource.query(
          `SELECT p.entry_id, p.account_code, l.code AS line_code, p.amount_cents FROM posting p LEFT JOIN budget_line l ON l.id = p.line_id
           WHERE p.entry_id = ANY($1::uuid[]) ORDER BY p.entry_id, p.n`,
          [entryIds],
        )
      : [];
    const out = new Map<string, PostingRow[]>();
    for (const r of rows) out.set(r.entry_id, [...(out.get(r.entry_id) ?? []), r]);
    return out;
  }

  /** A page of commitments, newest first. */
  async listCommitments(q: {
    year?: number;
    lineCode?: string;
    status?: string;
    after?: [string, string];
    limit: number;
  }): Promise<(CommitmentRow & { cursor_at: string })[]> {
    return this.dataSource.query(
      `SELECT ${COMMITMENT_COLUMNS}, ${CURSOR_AT('c')} FROM commitment c JOIN budget_line l ON l.id = c.line_id
       WHERE ($1::int IS NULL OR c.fiscal_year = $1) AND ($2::varchar IS NULL OR l.code = $2) AND ($3::varchar IS NULL OR c.status = $3)
         AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4::timestamptz, $5::uuid))
       ORDER BY c.created_at DESC, c.id DESC LIMIT $6`,
      [q.year ?? null, q.lineCode ?? null, q.status ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit + 1],
    );
  }

  async lockEntry(em: EntityManager, id: string): Promise<void> {
    await em.query(`SELECT 1 FROM journal_entry WHERE id = $1 FOR UPDATE`, [id]);
  }

  async postings(entryId: string, em: EntityManager = this.dataSource.manager): Promise<PostingRow[]> {
    return em.query(
      `SELECT p.account_code, l.code AS line_code, p.amount_cents FROM posting p LEFT JOIN budget_line l ON l.id = p.line_id WHERE p.entry_id = $1 ORDER BY p.n`,
      [entryId],
    );
  }

  async trialBalance(year: number): Promise<{ account: string; name: string; debit: string; credit: string }[]> {
    return this.dataSource.query(
      `SELECT a.code AS account, a.name,
              coalesce(sum(p.amount_cents) FILTER (WHERE p.amount_cents > 0), 0)::text AS debit,
              coalesce(-sum(p.amount_cents) FILTER (WHERE p.amount_cents < 0), 0)::text AS credit
       FROM posting p JOIN journal_entry e ON e.id = p.entry_id JOIN account a ON a.code = p.account_code
       WHERE e.fiscal_year = $1 GROUP BY a.code, a.name ORDER BY a.code`,
      [year],
    );
  }

  async insertCommitment(
    em: EntityManager,
    c: {
      id: string;
      lineId: string;
      year: number;
      amount: bigint;
      description: string;
      missionId: string | null;
      hash: string;
      by: string;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO commitment (id, line_id, fiscal_year, amount_cents, status, description, mission_id, request_hash, created_by)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [c.id, c.lineId, c.year, c.amount.toString(), c.description, c.missionId, c.hash, c.by],
    );
    return rows.length === 1;
  }

  async findCommitment(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<CommitmentRow | null> {
    const rows: CommitmentRow[] = await em.query(
      `SELECT ${COMMITMENT_COLUMNS} FROM commitment c JOIN budget_line l ON l.id = c.line_id WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The request hashes of the commitments among `ids` that exist. */
  async commitmentHashes(em: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; request_hash: string }[] = await em.query(
      `SELECT id, request_hash FROM commitment WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.request_hash]));
  }

  async findCommitmentOfMission(missionId: string, em: EntityManager): Promise<CommitmentRow | null> {
    const rows: CommitmentRow[] = await em.query(
      `SELECT ${COMMITMENT_COLUMNS} FROM commitment c JOIN budget_line l ON l.id = c.line_id WHERE c.mission_id = $1`,
      [missionId],
    );
    return rows[0] ?? null;
  }

  async settleCommitment(
    em: EntityManager,
    id: string,
    s: { status: 'posted' | 'voided'; posted: bigint; released: bigint; hash: string; entryId: string | null },
  ): Promise<void> {
    await em.query(
      `UPDATE commitment SET status = $2, posted_cents = $3, released_cents = $4, settle_hash = $5, entry_id = $6, settled_at = now() WHERE id = $1`,
      [id, s.status, s.posted.toString(), s.released.toString(), s.hash, s.entryId],
    );
  }
}
