import { Inject, Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
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
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
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

export interface PublishedKeyPeriod {
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  status: 'current' | 'retired';
  validFrom: string | null;
  validUntil: string | null;
}

export interface PublishedKeys {
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  jwk: object;
  development: boolean;
  keys: PublishedKeyPeriod[];
}

export const ZERO_HASH = Buffer.alloc(32);

/** Most queued records one sequencer transaction integrates. */
const SEQUENCER_BATCH = 2000;
const RECENT_LIMIT = 10_000;
/** How often a waiting caller checks whether another pod's sequencer took its records. */
const FALLBACK_CHECK_MS = 250;

/**
 * The verifiable audit log. `append` is called by every feature that changes ledger or budget state, inside its own
 * transaction, so the state change, its audit entries and their events commit together or not at all.
 */
@Injectable()
export class AuditLogService {
  private readonly store = new AuditLogStore();
  private readonly logger = new Logger('AuditLog');
  private readonly requestRecords = new AsyncLocalStorage<string[]>();
  private running?: Promise<void>;
  private rerun = false;
  private soon?: NodeJS.Timeout;
  /** Callers waiting for a queued record (by queue id), told when this process's sequencer commits it. */
  private readonly waiters = new Map<string, () => void>();
  /** Records this process integrated that nobody was waiting for yet (oldest first, at most RECENT_LIMIT). */
  private readonly recent = new Set<string>();

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

  /**
   * Records `records` in the caller's transaction (EntityManager): they are queued, committed with the change they
   * record, and given their place in the log (gapless seq, previous hash, Merkle leaf, outbox event) by the sequencer
   * right after, many transactions' records in one sequencer transaction (group commit). Writers share no lock, so
   * the serial part is one short transaction per batch, not one per change. An HTTP request waits for its records
   * to be in the log before it answers (AuditSettledInterceptor); returns the queue ids.
   */
  async append(em: EntityManager, records: AuditRecord[]): Promise<string[]> {
    if (records.length === 0) return [];
    // Everything that can refuse a record runs here, in the writer's transaction: the sequencer never meets a bad one.
    const recordedAt = new Date().toISOString();
    const queued = records.map((r) => {
      // Hash exactly what the event carries: the JSON of the payload (a Date becomes its ISO string, an undefined
      // key disappears), as a consumer parses it back.
      const payload = JSON.parse(JSON.stringify(r.payload)) as Record<string, unknown>;
      canonicalBytes(payload);
      return { kind: r.kind, aggregateId: r.aggregateId, payload: JSON.stringify(payload), recordedAt };
    });
    const ids = await this.store.enqueue(em, queued);
    this.requestRecords.getStore()?.push(...ids);
    this.integrateSoon();
    return ids;
  }

  /**
   * Runs `work` collecting into `ids` the queue ids of every record it appends (the HTTP interceptor and scripts use
   * it with whenIntegrated to read their own writes in the log).
   */
  collecting<T>(ids: string[], work: () => T): T {
    return this.requestRecords.run(ids, work);
  }

  /**
   * Resolves once every record of `ids` is in the log: told by this process's sequencer when it integrates them, or
   * found gone from the queue when another pod's did.
   */
  async whenIntegrated(ids: readonly string[], timeoutMs = 10_000): Promise<void> {
    // Integrated between the writer's commit and this call (a pass another caller started)?
    const open = ids.filter((id) => !this.recent.delete(id));
    if (open.length === 0) return;
    const told = Promise.all(open.map((id) => new Promise<void>((resolve) => this.waiters.set(id, resolve))));
    let settled = false;
    void told.then(() => (settled = true));
    void this.integrate().catch((e: unknown) => this.logger.error(`integrating audit records failed: ${(e as Error).message}`));
    const deadline = Date.now() + timeoutMs;
    while (!settled) {
      const tick = new Promise((resolve) => setTimeout(resolve, FALLBACK_CHECK_MS));
      await Promise.race([told, tick]);
      if (settled) break;
      // While this process's sequencer runs it will tell us; asking the database then would only add to the pool's
      // queue (hundreds of waiting requests in a burst).
      if (this.running) continue;
      const left = await this.store.stillQueued(this.dataSource.manager, open);
      if (left.length === 0) break;
      if (Date.now() > deadline) {
        this.logger.warn(`audit records ${left.join(', ')} still queued after ${timeoutMs} ms; the sequencer will integrate them`);
        break;
      }
      void this.integrate().catch(() => undefined);
    }
    for (const id of open) this.waiters.delete(id);
  }

  /**
   * Integrates queued records until none is left. Calls during a run share it and ask for one more pass, so a
   * record queued while a batch was being written is not left waiting for the poll.
   */
  integrate(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      // One connection for the whole run: in a burst the pool's queue is long, and the writers wait for this run.
      const runner = this.dataSource.createQueryRunner();
      try {
        do {
          this.rerun = false;
          while ((await this.integrateBatch(SEQUENCER_BATCH, runner)) > 0);
        } while (this.rerun);
      } finally {
        await runner.release();
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /**
   * One sequencer transaction: under the head lock (the single-writer point, across pods), the oldest committed
   * queued records leave the queue and get seq, previous hash, leaf and Merkle nodes, a tree head when
   * AUDIT_TREE_HEAD_EVERY entries arrived, and their outbox events. Returns how many it integrated.
   */
  async integrateBatch(limit = SEQUENCER_BATCH, runner?: QueryRunner): Promise<number> {
    const work = async (em: EntityManager): Promise<string[]> => {
      const head = await this.store.lockHead(em);
      const queued = await this.store.takeQueued(em, limit);
      if (queued.length === 0) return [];
      const frontier = await this.store.frontier(em, head.size);
      const entries: EntryRow[] = [];
      const nodes: FrontierNode[] = [];
      let prev = head.lastLeafHash;
      for (const r of queued) {
        // Numbered from 1 (entry seq is leaf seq - 1): the tree of size n holds entries 1..n.
        const seq = frontier.size + 1;
        const payload = JSON.parse(r.payload) as Record<string, unknown>;
        const doc = { seq, kind: r.kind, aggregateId: r.aggregateId, payload, recordedAt: r.recordedAt, prevHash: prev.toString('hex') };
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
      return queued.map((r) => r.id);
    };
    const integrated = runner ? await runner.manager.transaction(work) : await this.dataSource.transaction(work);
    // Committed: the callers waiting for these records may answer.
    for (const id of integrated) {
      const waiter = this.waiters.get(id);
      if (waiter) {
        waiter();
        this.waiters.delete(id);
      } else this.recent.add(id);
    }
    // Bounded: a record nobody waits for (an event consumer's, a script's) is forgotten after a while.
    for (const id of this.recent) {
      if (this.recent.size <= RECENT_LIMIT) break;
      this.recent.delete(id);
    }
    return integrated.length;
  }

  /** A pass shortly after an append: the writer's transaction has usually committed by then (the poll covers the rest). */
  private integrateSoon(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.integrate().catch((e: unknown) => this.logger.error(`integrating audit records failed: ${(e as Error).message}`));
    }, 5);
    this.soon.unref();
  }

  /**
   * Signs a head at the current size (timer and on demand). When nothing was appended since the last head, the last
   * head is the answer: heads are strictly increasing in size, which is what chains them.
   */
  async signNow(): Promise<TreeHeadView | undefined> {
    // What was recorded before the call goes under the head.
    await this.integrate();
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

  /** What the log recorded about one aggregate (entries of kinds starting with `kindPrefix`), oldest first. */
  async history(aggregateId: string, kindPrefix: string): Promise<AuditEntryView[]> {
    return (await this.store.entriesOf(this.dataSource.manager, aggregateId, kindPrefix)).map(toEntryView);
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

  /**
   * The current key (top-level fields, as before rotation existed) and `keys`: every key the log has signed with,
   * current first, each with its period. A verifier accepts a head only under the key valid at the head's timestamp.
   */
  publishedKey(): PublishedKeys {
    const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
    const pem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();
    return {
      keyId: this.key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: this.key.publicKeyPem(),
      jwk: this.key.publicKey.export({ format: 'jwk' }),
      development: this.key.development,
      keys: [
        {
          keyId: this.key.keyId,
          algorithm: 'Ed25519',
          publicKeyPem: this.key.publicKeyPem(),
          status: 'current',
          validFrom: iso(this.key.validFrom),
          validUntil: null,
        },
        ...[...this.key.retired]
          .sort((a, b) => b.validUntil - a.validUntil)
          .map((k) => ({
            keyId: k.keyId,
            algorithm: 'Ed25519' as const,
            publicKeyPem: pem(k.publicKey),
            status: 'retired' as const,
            validFrom: iso(k.validFrom),
            validUntil: iso(k.validUntil),
          })),
      ],
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
      // `canonical` (the bytes the leaf hashes, base64) is left out: carried this way it doubles every message of a
      // stream kept forever and did not make the verifier faster (apps/audit-verifier/README.md, Figures).
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
