import {
  completeSubtreesOf,
  Frontier,
  subtreesNeeded,
  type CompleteSubtrees,
  type FrontierNode,
  type LeafRange,
  type SubtreeCoord,
} from '@wco/merkle';
import type { EntityManager } from 'typeorm';

export interface HeadRow {
  size: number;
  lastLeafHash: Buffer;
  signedSize: number;
}

export interface EntryRow {
  seq: number;
  kind: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  recordedAt: string;
  prevHash: Buffer;
  canonical: Buffer;
  leafHash: Buffer;
}

export interface TreeHeadRow {
  treeSize: number;
  previousTreeSize: number;
  rootHash: Buffer;
  timestamp: number;
  keyId: string;
  signature: Buffer;
}

/** A record waiting for its place in the log (audit_log_queue). */
export interface QueuedRecord {
  id: string;
  kind: string;
  aggregateId: string;
  /** The JSON text of the payload, exactly as it will be hashed. */
  payload: string;
  recordedAt: string;
}

const hexes = (bs: Buffer[]): string[] => bs.map((b) => b.toString('hex'));

/** The SQL of the audit log; every method runs on the EntityManager it is given (the caller's transaction). */
export class AuditLogStore {
  /** Queues records in the caller's transaction; returns their queue ids. Takes no lock other writers wait on. */
  async enqueue(em: EntityManager, records: Omit<QueuedRecord, 'id'>[]): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO audit_log_queue (kind, aggregate_id, payload, recorded_at)
       SELECT k, a, p, r FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS q(k, a, p, r, n)
       ORDER BY n RETURNING id`,
      [records.map((r) => r.kind), records.map((r) => r.aggregateId), records.map((r) => r.payload), records.map((r) => r.recordedAt)],
    );
    return rows.map((r) => String(r.id));
  }

  /**
   * Takes the oldest committed queued records, at most `limit`, out of the queue, in id order: one DELETE … RETURNING
   * instead of a SELECT … FOR UPDATE then a DELETE (each row was written twice: its lock, then its deletion). Only a
   * sequencer holding the head lock calls it, so no two sequencers ever take the same rows; a rollback puts them back.
   */
  async takeQueued(em: EntityManager, limit: number): Promise<QueuedRecord[]> {
    // A WITH … SELECT rather than a bare DELETE … RETURNING: TypeORM answers the rows of a SELECT as they are.
    const rows: { id: string; kind: string; aggregate_id: string; payload: string; recorded_at: string }[] = await em.query(
      `WITH taken AS (
         DELETE FROM audit_log_queue WHERE id IN (SELECT id FROM audit_log_queue ORDER BY id LIMIT $1)
         RETURNING id, kind, aggregate_id, payload, recorded_at
       )
       SELECT * FROM taken ORDER BY id`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      aggregateId: r.aggregate_id,
      payload: r.payload,
      recordedAt: r.recorded_at,
    }));
  }

  /** Which of `ids` are still queued (not yet in the log). */
  async stillQueued(em: EntityManager, ids: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM audit_log_queue WHERE id = ANY($1::bigint[])`, [ids]);
    return rows.map((r) => String(r.id));
  }

  /** The single-writer point: the one head row, locked until the caller's transaction ends. */
  async lockHead(em: EntityManager): Promise<HeadRow> {
    const [row]: { size: string; last_leaf_hash: Buffer; signed_size: string }[] = await em.query(
      `SELECT size, last_leaf_hash, signed_size FROM audit_log_head WHERE id = 1 FOR UPDATE`,
    );
    return { size: Number(row.size), lastLeafHash: row.last_leaf_hash, signedSize: Number(row.signed_size) };
  }

  async readHead(em: EntityManager): Promise<HeadRow> {
    const [row]: { size: string; last_leaf_hash: Buffer; signed_size: string }[] = await em.query(
      `SELECT size, last_leaf_hash, signed_size FROM audit_log_head WHERE id = 1`,
    );
    return { size: Number(row.size), lastLeafHash: row.last_leaf_hash, signedSize: Number(row.signed_size) };
  }

  async updateHead(em: EntityManager, head: HeadRow): Promise<void> {
    await em.query(`UPDATE audit_log_head SET size = $1, last_leaf_hash = $2, signed_size = $3 WHERE id = 1`, [
      head.size,
      head.lastLeafHash,
      head.signedSize,
    ]);
  }

  /**
   * Hashes of the given complete subtrees, in one query. A leaf (level 0, index i) is entry i + 1's leaf_hash: leaves
   * are not stored again as nodes (logs written before that also have them in audit_log_node; both agree).
   */
  async nodes(em: EntityManager, coords: SubtreeCoord[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    if (coords.length === 0) return out;
    const rows: { level: number; idx: string; hash: Buffer | null }[] = await em.query(
      `SELECT c.level, c.idx, CASE WHEN c.level = 0 THEN e.leaf_hash ELSE n.hash END AS hash
       FROM unnest($1::smallint[], $2::bigint[]) AS c(level, idx)
       LEFT JOIN audit_log_node n ON c.level > 0 AND n.level = c.level AND n.idx = c.idx
       LEFT JOIN audit_log_entry e ON c.level = 0 AND e.seq = c.idx + 1`,
      [coords.map((c) => c.level), coords.map((c) => c.index)],
    );
    for (const r of rows) if (r.hash) out.set(`${r.level}:${r.idx}`, r.hash);
    return out;
  }

  /** A getter over the stored subtrees the ranges need (fetched at once); a missing node is a broken store. */
  async subtreesFor(em: EntityManager, ranges: LeafRange[]): Promise<CompleteSubtrees> {
    const found = await this.nodes(em, subtreesNeeded(ranges));
    return (level, index) => {
      const h = found.get(`${level}:${index}`);
      if (!h) throw new Error(`audit log node ${level}/${index} is missing from the store`);
      return h;
    };
  }

  /** The right edge of the stored tree of `size` leaves, to append to. */
  async frontier(em: EntityManager, size: number): Promise<Frontier> {
    const coords = completeSubtreesOf({ start: 0, end: size });
    const found = await this.nodes(em, coords);
    const nodes: FrontierNode[] = coords.map((c) => {
      const hash = found.get(`${c.level}:${c.index}`);
      if (!hash) throw new Error(`audit log node ${c.level}/${c.index} is missing from the store`);
      return { ...c, hash };
    });
    return Frontier.resume(size, nodes);
  }

  /**
   * One statement per table whatever the batch size: group commit is what makes the serial append fast. Of the
   * complete subtrees only those above the leaves become node rows (a leaf is its entry's leaf_hash): about one node
   * row per entry instead of two.
   */
  async insert(em: EntityManager, entries: EntryRow[], allNodes: FrontierNode[]): Promise<void> {
    const nodes = allNodes.filter((n) => n.level > 0);
    await em.query(
      `INSERT INTO audit_log_entry (seq, kind, aggregate_id, payload, recorded_at, prev_hash, canonical, leaf_hash)
       SELECT s, k, a, p, r, decode(ph, 'hex'), convert_to(c, 'UTF8'), decode(lh, 'hex')
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
         AS e(s, k, a, p, r, ph, c, lh)`,
      [
        entries.map((e) => e.seq),
        entries.map((e) => e.kind),
        entries.map((e) => e.aggregateId),
        entries.map((e) => JSON.stringify(e.payload)),
        entries.map((e) => e.recordedAt),
        hexes(entries.map((e) => e.prevHash)),
        entries.map((e) => e.canonical.toString('utf8')),
        hexes(entries.map((e) => e.leafHash)),
      ],
    );
    if (nodes.length === 0) return;
    await em.query(
      `INSERT INTO audit_log_node (level, idx, hash)
       SELECT l, i, decode(h, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS n(l, i, h)`,
      [nodes.map((n) => n.level), nodes.map((n) => n.index), hexes(nodes.map((n) => n.hash))],
    );
  }

  async insertTreeHead(em: EntityManager, head: TreeHeadRow): Promise<void> {
    await em.query(
      `INSERT INTO audit_tree_head (tree_size, previous_tree_size, root_hash, timestamp_ms, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)`,
      [head.treeSize, head.previousTreeSize, head.rootHash, head.timestamp, head.keyId, head.signature],
    );
  }

  async latestTreeHead(em: EntityManager): Promise<TreeHeadRow | undefined> {
    const rows: TreeHeadRecord[] = await em.query(`SELECT * FROM audit_tree_head ORDER BY tree_size DESC LIMIT 1`);
    return rows[0] ? toHead(rows[0]) : undefined;
  }

  async entry(em: EntityManager, seq: number): Promise<EntryRow | undefined> {
    const rows: EntryRecord[] = await em.query(`SELECT * FROM audit_log_entry WHERE seq = $1`, [seq]);
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  /** The entries of one aggregate whose kind starts with `kindPrefix` (e.g. `ledger.account.`), in log order. */
  async entriesOf(em: EntityManager, aggregateId: string, kindPrefix: string): Promise<EntryRow[]> {
    const rows: EntryRecord[] = await em.query(
      `SELECT * FROM audit_log_entry WHERE aggregate_id = $1 AND starts_with(kind, $2) ORDER BY seq`,
      [aggregateId, kindPrefix],
    );
    return rows.map(toEntry);
  }

  async entryByLeaf(em: EntityManager, leaf: Buffer): Promise<EntryRow | undefined> {
    const rows: EntryRecord[] = await em.query(`SELECT * FROM audit_log_entry WHERE leaf_hash = $1 ORDER BY seq LIMIT 1`, [leaf]);
    return rows[0] ? toEntry(rows[0]) : undefined;
  }
}

interface TreeHeadRecord {
  tree_size: string;
  previous_tree_size: string;
  root_hash: Buffer;
  timestamp_ms: string;
  key_id: string;
  signature: Buffer;
}

interface EntryRecord {
  seq: string;
  kind: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  recorded_at: Date;
  prev_hash: Buffer;
  canonical: Buffer;
  leaf_hash: Buffer;
}

function toHead(r: TreeHeadRecord): TreeHeadRow {
  return {
    treeSize: Number(r.tree_size),
    previousTreeSize: Number(r.previous_tree_size),
    rootHash: r.root_hash,
    timestamp: Number(r.timestamp_ms),
    keyId: r.key_id,
    signature: r.signature,
  };
}

function toEntry(r: EntryRecord): EntryRow {
  return {
    seq: Number(r.seq),
    kind: r.kind,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    recordedAt: r.recorded_at.toISOString(),
    prevHash: r.prev_hash,
    canonical: r.canonical,
    leafHash: r.leaf_hash,
  };
}
