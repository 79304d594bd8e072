import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG_KEY, AuditEntryAppendedEvent, Topics, TreeHeadSignedEvent } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';
import {
  canonicalBytes,
  consistencyProofRanges,
  inclusionProofRanges,
  leafHash,
  rangeHash,
  signTreeHead,
  type FrontierNode,
} from '@wco/merkle';
import { generateKeyPairSync } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_SOURCE } from '../events/budget-audit-events';
import { BudgetAuditTopics } from '../events/budget-audit-topics';
import { AUDIT_LOG_CONFIG } from './audit-log.constants';
import { AuditLogConfig } from './audit-log.config';
import { AuditEntryNotFoundError, badProofParameter, TreeHeadNotFoundError } from './audit-log.errors';
import { AuditSigningKey } from './audit-log.signing-key';
import { AuditLogStore, type EntryRow, type TreeHeadRow } from './audit-log.store';

export interface AuditRecord {
  /** e.g. 'ledger.entry.posted', 'commitment.reserved', 'budget.version.accepted', 'fiscal_year.closed' */
  kind: string;
  aggregateId: string;
  /** JSON facts; numbers must be safe integers (money in integer cents). */
  payload: Record<string, unknown>;
}

export interface TreeHeadView {
  treeSize: number;
  previousTreeSize: number;
  rootHash: string;
  timestamp: number;
  keyId: string;
  signature: string;
}

export interface AuditEntryView {
  seq: number;
  kind: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  recordedAt: string;
  prevHash: string;
  leafHash: string;
  /** The RFC 8785 bytes the leaf hashes, base64. */
  canonical: string;
}

export const ZERO_HASH = Buffer.alloc(32);

/**
 * The verifiable audit log. `append` is called by every feature that changes ledger or budget state, inside its own
 * transaction, so the state change, its audit entries and their events commit together or not at all.
 */
@Injectable()
export class AuditLogService {
  private readonly store = new AuditLogStore();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly topics: BudgetAuditTopics,
    private readonly key: AuditSigningKey,
    @Inject(AUDIT_LOG_CONFIG) private readonly config: Readonly<AuditLogConfig>,
  ) {}

  /**
   * The service outside Nest (benchmarks, scripts): its own outbox writer, the registry's topics, and a key and
   * settings of the caller's choosing (default: a fresh development key, a head every 1000 entries).
   */
  static standalone(
    dataSource: DataSource,
    options: { key?: AuditSigningKey; config?: Partial<AuditLogConfig>; topics?: BudgetAuditTopics } = {},
  ): AuditLogService {
    const config = Object.assign(new AuditLogConfig(), { AUDIT_TREE_HEAD_INTERVAL_MS: 0 }, options.config);
    const key = options.key ?? new AuditSigningKey(generateKeyPairSync('ed25519').privateKey, true);
    return new AuditLogService(dataSource, new OutboxWriter(SERVICE_SOURCE), options.topics ?? new BudgetAuditTopics(), key, config);
  }

  /** Appends in the caller's transaction (EntityManager): gapless sequence, previous hash, Merkle leaf, outbox event. */
  async append(em: EntityManager, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Everything that can refuse a record runs before the lock is taken, so a bad record never holds the writer.
    const recordedAt = new Date().toISOString();
    const prepared = records.map((r) => {
      // Hash exactly what the event carries: the JSON of the payload (a Date becomes its ISO string, an undefined
      // key disappears), as a consumer parses it back.
      const payload = JSON.parse(JSON.stringify(r.payload)) as Record<string, unknown>;
      canonicalBytes(payload);
      return { kind: r.kind, aggregateId: r.aggregateId, payload };
    });
    const head = await this.store.lockHead(em);
    const frontier = await this.store.frontier(em, head.size);
    const entries: EntryRow[] = [];
    const nodes: FrontierNode[] = [];
    let prev = head.lastLeafHash;
    for (const r of prepared) {
      // Numbered from 1 (entry seq is leaf seq - 1): the tree of size n holds entries 1..n.
      const seq = frontier.size + 1;
      const doc = { seq, kind: r.kind, aggregateId: r.aggregateId, payload: r.payload, recordedAt, prevHash: prev.toString('hex') };
      const canonical = canonicalBytes(doc);
      const leaf = leafHash(canonical);
      frontier.append(leaf, (n) => nodes.push(n));
      entries.push({ ...doc, prevHash: prev, canonical, leafHash: leaf });
      prev = leaf;
    }
    await this.store.insert(em, entries, nodes);
    const events: OutboxEvent[] = entries.map((e) => this.entryEvent(e));
    const next = { size: frontier.size, lastLeafHash: prev, signedSize: head.signedSize };
    if (next.size - head.signedSize >= this.config.AUDIT_TREE_HEAD_EVERY) {
      const sth = this.sign(next.size, head.signedSize, frontier.root());
      await this.store.insertTreeHead(em, sth);
      events.push(this.headEvent(sth));
      next.signedSize = next.size;
    }
    await this.store.updateHead(em, next);
    // One outbox call, in seq order, on one key: the relay publishes them in this order on one partition.
    await this.outbox.addMany(em, events);
  }

  /**
   * Signs a head at the current size (timer and on demand). When nothing was appended since the last head, the last
   * head is the answer: heads are strictly increasing in size, which is what chains them.
   */
  async signNow(): Promise<TreeHeadView | undefined> {
    return this.dataSource.transaction(async (em) => {
      const head = await this.store.lockHead(em);
      if (head.size === head.signedSize) {
        const latest = await this.store.latestTreeHead(em);
        return latest ? toHeadView(latest) : undefined;
      }
      const subtrees = await this.store.subtreesFor(em, [{ start: 0, end: head.size }]);
      const sth = this.sign(head.size, head.signedSize, rangeHash({ start: 0, end: head.size }, subtrees));
      await this.store.insertTreeHead(em, sth);
      await this.store.updateHead(em, { ...head, signedSize: head.size });
      await this.outbox.addMany(em, [this.headEvent(sth)]);
      return toHeadView(sth);
    });
  }

  async latestTreeHead(): Promise<TreeHeadView> {
    const latest = await this.store.latestTreeHead(this.dataSource.manager);
    if (!latest) throw new TreeHeadNotFoundError();
    return toHeadView(latest);
  }

  async entry(seq: number): Promise<AuditEntryView> {
    const row = await this.store.entry(this.dataSource.manager, seq);
    if (!row) throw new AuditEntryNotFoundError(seq);
    return toEntryView(row);
  }

  /** Inclusion proof of entry `seq` (or of the entry with that leaf hash) in the tree of `treeSize` entries. */
  async inclusionProof(query: {
    seq?: number;
    leafHash?: string;
    treeSize?: number;
  }): Promise<{ seq: number; treeSize: number; leafHash: string; proof: string[] }> {
    const em = this.dataSource.manager;
    const { size } = await this.store.readHead(em);
    let treeSize = query.treeSize;
    if (treeSize === undefined) {
      const latest = await this.store.latestTreeHead(em);
      if (!latest) throw new TreeHeadNotFoundError();
      treeSize = latest.treeSize;
    }
    if (treeSize > size) throw badProofParameter('treeSize', `the log has ${size} entries`);
    const row =
      query.leafHash !== undefined
        ? await this.store.entryByLeaf(em, Buffer.from(query.leafHash, 'hex'))
        : await this.store.entry(em, query.seq as number);
    if (!row) {
      throw query.leafHash !== undefined
        ? badProofParameter('leafHash', 'no entry has this leaf hash')
        : new AuditEntryNotFoundError(query.seq as number);
    }
    if (row.seq > treeSize) throw badProofParameter('treeSize', `entry ${row.seq} is not in a tree of ${treeSize} entries`);
    const ranges = inclusionProofRanges(row.seq - 1, treeSize);
    const subtrees = await this.store.subtreesFor(em, ranges);
    return {
      seq: row.seq,
      treeSize,
      leafHash: row.leafHash.toString('hex'),
      proof: ranges.map((r) => rangeHash(r, subtrees).toString('hex')),
    };
  }

  /** RFC 9162 consistency proof that the tree of `to` entries extends the tree of `from` entries. */
  async consistencyProof(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    const em = this.dataSource.manager;
    const { size } = await this.store.readHead(em);
    if (from < 1) throw badProofParameter('from', 'must be at least 1');
    if (to > size) throw badProofParameter('to', `the log has ${size} entries`);
    if (from > to) throw badProofParameter('from', 'must not exceed to');
    const ranges = consistencyProofRanges(from, to);
    const subtrees = await this.store.subtreesFor(em, ranges);
    return { from, to, proof: ranges.map((r) => rangeHash(r, subtrees).toString('hex')) };
  }

  publishedKey(): { keyId: string; algorithm: 'Ed25519'; publicKeyPem: string; jwk: object; development: boolean } {
    return {
      keyId: this.key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: this.key.publicKeyPem(),
      jwk: this.key.publicKey.export({ format: 'jwk' }),
      development: this.key.development,
    };
  }

  private sign(treeSize: number, previousTreeSize: number, rootHash: Buffer): TreeHeadRow {
    const timestamp = Date.now();
    const signature = signTreeHead({ treeSize, previousTreeSize, rootHash, timestamp }, this.key.privateKey);
    return { treeSize, previousTreeSize, rootHash, timestamp, keyId: this.key.keyId, signature };
  }

  private entryEvent(e: EntryRow): OutboxEvent {
    const data: AuditEntryAppendedEvent = {
      seq: e.seq,
      kind: e.kind,
      aggregateId: e.aggregateId,
      payload: e.payload,
      recordedAt: e.recordedAt,
      prevHash: e.prevHash.toString('hex'),
      leafHash: e.leafHash.toString('hex'),
    };
    return { type: AuditEntryAppendedEvent.type, topic: this.topics.of(Topics.BudgetLedger), subject: AUDIT_LOG_KEY, data };
  }

  private headEvent(h: TreeHeadRow): OutboxEvent {
    const data: TreeHeadSignedEvent = toHeadView(h);
    return { type: TreeHeadSignedEvent.type, topic: this.topics.of(Topics.BudgetLedger), subject: AUDIT_LOG_KEY, data };
  }
}

function toHeadView(h: TreeHeadRow): TreeHeadView {
  return {
    treeSize: h.treeSize,
    previousTreeSize: h.previousTreeSize,
    rootHash: h.rootHash.toString('hex'),
    timestamp: h.timestamp,
    keyId: h.keyId,
    signature: h.signature.toString('base64'),
  };
}

function toEntryView(e: EntryRow): AuditEntryView {
  const doc = JSON.parse(e.canonical.toString('utf8')) as { payload: Record<string, unknown>; recordedAt: string };
  return {
    seq: e.seq,
    kind: e.kind,
    aggregateId: e.aggregateId,
    payload: doc.payload,
    recordedAt: doc.recordedAt,
    prevHash: e.prevHash.toString('hex'),
    leafHash: e.leafHash.toString('hex'),
    canonical: e.canonical.toString('base64'),
  };
}
