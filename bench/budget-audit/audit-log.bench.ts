/* Audit-log benchmark, ratios in one run on the same machine:
 *  1. append: AuditLogService.append until integrated (queue, then the sequencer: seq lock, hashing, entries + nodes +
 *     outbox rows, group commit) against a raw
 *     pg insert of the same entry rows;
 *  2. verifier: StreamVerifier (decode, contract, chain, leaf, frontier) over a stream of BENCH_ENTRIES entries with
 *     a signed head every 1000, against raw SHA-256 over the same message bytes; heap sampled along the way;
 *  3. proofs: inclusion and consistency proofs from the stored complete subtrees of a BENCH_PROOF_SIZE-leaf tree.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --expose-gc --require @swc-node/register bench/budget-audit/audit-log.bench.ts
 *      (without --expose-gc the heap samples include garbage not yet collected)
 * Env: BENCH_ENTRIES (default 1000000), BENCH_PROOF_SIZE (default 1000000), BENCH_APPEND (default 30000),
 *      BENCH_APPEND_BATCH (default 100), BENCH_APPEND_CONCURRENCY (default 4), DATABASE_URL. */
import 'reflect-metadata';
import { AUDIT_LOG_KEY, AuditEntryAppendedEvent, encodeEvent, TreeHeadSignedEvent } from '@wco/contracts';
import type { EncodedEvent } from '@wco/contracts';
import { MESSAGING_MIGRATIONS } from '@wco/messaging';
import {
  canonicalBytes,
  consistencyProofRanges,
  Frontier,
  inclusionProofRanges,
  keyIdOf,
  leafHash,
  hashLeafInput,
  leafHashOfText,
  leafInputOfBase64,
  rangeHash,
  signTreeHead,
  type FrontierNode,
} from '@wco/merkle';
import { createTestDatabase, type TestDatabase } from '@wco/testing';
import { createHash, generateKeyPairSync, hash } from 'node:crypto';
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { certainlyValid } from '../../apps/audit-verifier/src/audit-schema';
import { isCanonicalTextOf } from '../../apps/audit-verifier/src/canonical-match';
import { entryCanonicalText } from '../../apps/audit-verifier/src/entry-bytes';
import { FastEnvelopeDecoder } from '../../apps/audit-verifier/src/fast-envelope';
import { TrialBalances } from '../../apps/audit-verifier/src/trial-balance';
import { StreamVerifier } from '../../apps/audit-verifier/src/verifier';
import { AuditLog1796155400000 } from '../../apps/budget-audit/src/audit-log/migrations/1796155400000-audit-log';
import { AuditLogQueue1796155500000 } from '../../apps/budget-audit/src/audit-log/migrations/1796155500000-audit-log-queue';
import { AuditLogService } from '../../apps/budget-audit/src/audit-log/audit-log.service';
import { AuditLogStore } from '../../apps/budget-audit/src/audit-log/audit-log.store';

const ENTRIES = Number(process.env['BENCH_ENTRIES'] ?? 1_000_000);
const PROOF_SIZE = Number(process.env['BENCH_PROOF_SIZE'] ?? 1_000_000);
const APPEND = Number(process.env['BENCH_APPEND'] ?? 30_000);
const APPEND_BATCH = Number(process.env['BENCH_APPEND_BATCH'] ?? 100);
const APPEND_CONCURRENCY = Number(process.env['BENCH_APPEND_CONCURRENCY'] ?? 4);
const CHUNK = 20_000;
const WITH_CANONICAL = process.env['BENCH_WITHOUT_CANONICAL'] !== '1';

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (ns: bigint): number => Number(ns) / 1e6;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const record = (i: number) => ({
  kind: 'ledger.entry.posted',
  aggregateId: `entry-${i}`,
  payload: {
    entryId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    fiscalYear: 2027,
    kind: 'standard',
    postings: [
      { account: '6100', lineCode: 'ORG2-1', amountCents: String(12_345 + i) },
      { account: '4000', lineCode: null, amountCents: String(-(12_345 + i)) },
    ],
  },
});

async function dataSourceFor(db: TestDatabase): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [...MESSAGING_MIGRATIONS, AuditLog1796155400000, AuditLogQueue1796155500000],
    extra: { max: APPEND_CONCURRENCY + 2 },
  });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

async function benchAppend(): Promise<void> {
  const db = await createTestDatabase('bench_audit_append');
  const ds = await dataSourceFor(db);
  try {
    const log = AuditLogService.standalone(ds, { config: { AUDIT_TREE_HEAD_EVERY: 1000 } });
    await ds.query(`CREATE TABLE raw_entry (LIKE audit_log_entry)`);
    const batches = Math.ceil(APPEND / APPEND_BATCH);
    const run = async (work: (b: number) => Promise<void>): Promise<{ rate: number; p50: number; p99: number }> => {
      const latencies: number[] = [];
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: APPEND_CONCURRENCY }, async () => {
          while (next < batches) {
            const b = next++;
            const t0 = process.hrtime.bigint();
            await work(b);
            latencies.push(ms(process.hrtime.bigint() - t0));
          }
        }),
      );
      const seconds = ms(process.hrtime.bigint() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return { rate: (batches * APPEND_BATCH) / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
    };
    const raw = await run(async (b) => {
      const rows = Array.from({ length: APPEND_BATCH }, (_, i) => record(b * APPEND_BATCH + i));
      await ds.query(
        `INSERT INTO raw_entry (seq, kind, aggregate_id, payload, recorded_at, prev_hash, canonical, leaf_hash)
         SELECT s, k, a, p, now(), '\\x00', convert_to(p::text, 'UTF8'), '\\x00' FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[]) AS e(s, k, a, p)`,
        [
          rows.map((_, i) => b * APPEND_BATCH + i),
          rows.map((r) => r.kind),
          rows.map((r) => r.aggregateId),
          rows.map((r) => JSON.stringify(r.payload)),
        ],
      );
    });
    // Until the records are in the log (sequenced, hashed, in the tree), as an HTTP caller waits.
    const audit = await run(async (b) => {
      const ids = await ds.transaction((em) =>
        log.append(
          em,
          Array.from({ length: APPEND_BATCH }, (_, i) => record(b * APPEND_BATCH + i)),
        ),
      );
      await log.whenIntegrated(ids);
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log_entry`);
    console.log(`append (${APPEND} entries, ${APPEND_BATCH} per transaction, ${APPEND_CONCURRENCY} concurrent callers; audit rows ${n}):`);
    console.log(
      `  raw pg insert of the entry rows  ${raw.rate.toFixed(0)} entries/s  (per batch p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms)`,
    );
    console.log(
      `  AuditLogService.append           ${audit.rate.toFixed(0)} entries/s  (per batch p50 ${audit.p50.toFixed(1)} ms, p99 ${audit.p99.toFixed(1)} ms)  ratio ${(audit.rate / raw.rate).toFixed(2)}`,
    );
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

/** What kafkajs hands a consumer: key, value and header values as Buffers. */
interface ConsumedMessage {
  key: Buffer;
  value: Buffer;
  headers: Record<string, Buffer>;
}

function asConsumed(m: EncodedEvent): ConsumedMessage {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(m.headers)) headers[name] = Buffer.from(value);
  return { key: Buffer.from(m.key), value: Buffer.from(m.value), headers };
}

/** Streams valid messages chunk by chunk, so the generator does not hold the stream either. */
function* streamChunks(total: number, keyPair: ReturnType<typeof generateKeyPairSync>): Generator<ConsumedMessage[]> {
  const frontier = new Frontier();
  let prev = '0'.repeat(64);
  let lastHead = 0;
  const keyId = keyIdOf(keyPair.publicKey);
  for (let start = 0; start < total; start += CHUNK) {
    const out: ConsumedMessage[] = [];
    for (let seq = start + 1; seq <= Math.min(total, start + CHUNK); seq++) {
      const r = record(seq);
      const doc = {
        seq,
        kind: r.kind,
        aggregateId: r.aggregateId,
        payload: r.payload,
        // A different instant every entry (the service's entries of one request share theirs): no memo helps.
        recordedAt: new Date(1_796_000_000_000 + seq).toISOString(),
        prevHash: prev,
      };
      const bytes = canonicalBytes(doc);
      const leaf = leafHash(bytes);
      frontier.append(leaf);
      prev = leaf.toString('hex');
      out.push(
        asConsumed(
          encodeEvent({
            type: AuditEntryAppendedEvent.type,
            source: '/budget-audit',
            subject: AUDIT_LOG_KEY,
            time: doc.recordedAt,
            // As budget-audit publishes them: with the bytes the leaf hashes (BENCH_WITHOUT_CANONICAL=1: the format before).
            data: { ...doc, leafHash: prev, ...(WITH_CANONICAL ? { canonical: bytes.toString('base64') } : {}) },
          }),
        ),
      );
      if (seq % 1000 === 0) {
        const head = { treeSize: seq, previousTreeSize: lastHead, rootHash: frontier.root(), timestamp: 1_796_000_000_000 + seq };
        lastHead = seq;
        const data = {
          ...head,
          rootHash: head.rootHash.toString('hex'),
          keyId,
          signature: signTreeHead(head, keyPair.privateKey).toString('base64'),
        };
        out.push(asConsumed(encodeEvent({ type: TreeHeadSignedEvent.type, source: '/budget-audit', subject: AUDIT_LOG_KEY, data })));
      }
    }
    yield out;
  }
}

/**
 * Where a verifier's time goes: each stage of StreamVerifier.entry run on its own over the same entries (the order
 * checks, comparisons and tree heads are left out), in µs per entry, beside the raw SHA-256 of the message.
 */
function stageBreakdown(keyPair: ReturnType<typeof generateKeyPairSync>, entries: number): void {
  const decoder = new FastEnvelopeDecoder();
  const frontier = new Frontier();
  const balances = new TrialBalances();
  const totals = new Map<string, bigint>();
  const time = <T>(label: string, f: () => T): T => {
    const t0 = process.hrtime.bigint();
    const r = f();
    totals.set(label, (totals.get(label) ?? 0n) + process.hrtime.bigint() - t0);
    return r;
  };
  let n = 0;
  let sink = 0;
  for (const chunk of streamChunks(entries, keyPair)) {
    const msgs = chunk.filter((m) => m.headers['ce_type'].equals(Buffer.from(AuditEntryAppendedEvent.type)));
    n += msgs.length;
    time('raw SHA-256 of the message (baseline)', () => msgs.forEach((m) => (sink ^= hash('sha256', m.value, 'buffer')[0])));
    time('  of which Buffer to string', () => msgs.forEach((m) => (sink ^= m.value.toString('utf8').length)));
    const data = time('envelope and JSON.parse (fast path)', () => msgs.map((m) => decoder.decode(m)?.data as AuditEntryAppendedEvent));
    time('  of which JSON.parse alone', () => msgs.forEach((m) => (sink ^= JSON.parse(m.value.toString('utf8')).seq)));
    time('schema (certainlyValid)', () => data.forEach((d) => (sink ^= certainlyValid(AuditEntryAppendedEvent.type, d) ? 1 : 0)));
    const withBytes = data.filter((d) => d.canonical !== undefined);
    time('carried bytes: base64 into the leaf input', () =>
      withBytes.forEach((d) => (sink ^= leafInputOfBase64(d.canonical as string).length)),
    );
    time('carried bytes: decode + canonical check', () =>
      withBytes.forEach((d) => {
        const input = leafInputOfBase64(d.canonical as string);
        sink ^= isCanonicalTextOf(input, 1, input.length, d) ? 1 : 0;
      }),
    );
    time('carried bytes: decode + leaf hash', () =>
      withBytes.forEach((d) => (sink ^= hashLeafInput(leafInputOfBase64(d.canonical as string))[0])),
    );
    const texts = time('RFC 8785 text (canonicalize; entries without bytes)', () => data.map((d) => entryCanonicalText(d)));
    const leaves = time('leaf hash (SHA-256 of 0x00 + text)', () => texts.map((t) => leafHashOfText(t)));
    const empty = Buffer.alloc(0);
    const node = Buffer.alloc(65, 1);
    time('crypto.hash of 0 bytes (the fixed cost of a call)', () => data.forEach(() => (sink ^= hash('sha256', empty, 'buffer')[0])));
    time('crypto.hash of 65 bytes (one node)', () => data.forEach(() => (sink ^= hash('sha256', node, 'buffer')[0])));
    time('leaf to hex and compare', () => leaves.forEach((l, i) => (sink ^= l.toString('hex') === data[i].leafHash ? 1 : 0)));
    time('frontier (node hashes)', () => leaves.forEach((l) => frontier.append(l)));
    time('trial balance', () => data.forEach((d) => balances.add(d.seq, d.kind, d.payload)));
  }
  const bytes = msgsBytes(entries, keyPair);
  console.log(`  stages over ${n} entries (µs per entry; messages of ${bytes.toFixed(0)} bytes on average; sink ${sink & 1}):`);
  for (const [label, ns] of totals) console.log(`    ${label.padEnd(42)} ${(Number(ns) / 1000 / n).toFixed(2)}`);
}

/** Average size of an entry message's value (what the baseline hashes), over the first chunk. */
function msgsBytes(entries: number, keyPair: ReturnType<typeof generateKeyPairSync>): number {
  const first = streamChunks(Math.min(entries, CHUNK), keyPair).next().value as ConsumedMessage[];
  const values = first.filter((m) => m.headers['ce_type'].equals(Buffer.from(AuditEntryAppendedEvent.type))).map((m) => m.value.length);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function benchVerifier(): void {
  const keyPair = generateKeyPairSync('ed25519');
  const verifier = new StreamVerifier(keyPair.publicKey);
  let verifyNs = 0n;
  let shaNs = 0n;
  let hashObjectNs = 0n;
  let messages = 0;
  const heap: number[] = [];
  let sink = 0;
  for (const chunk of streamChunks(ENTRIES, keyPair)) {
    // Baseline: the fastest raw SHA-256 Node has (one-shot crypto.hash, no Hash object) over each message's bytes.
    const t0 = process.hrtime.bigint();
    for (const m of chunk) sink ^= hash('sha256', m.value, 'buffer')[0];
    const t1 = process.hrtime.bigint();
    for (const m of chunk) sink ^= createHash('sha256').update(m.value).digest()[0];
    const t1b = process.hrtime.bigint();
    for (const m of chunk) verifier.accept(m, { partition: 0, offset: String(messages++) });
    const t2 = process.hrtime.bigint();
    shaNs += t1 - t0;
    hashObjectNs += t1b - t1;
    verifyNs += t2 - t1b;
    // With --expose-gc the sample is the live heap, not the garbage of the chunk generator.
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(process.memoryUsage().heapUsed);
  }
  const summary = verifier.finish();
  const rate = summary.entries / (ms(verifyNs) / 1000);
  const shaRate = messages / (ms(shaNs) / 1000);
  const hashObjectRate = messages / (ms(hashObjectNs) / 1000);
  const tenth = heap.slice(0, Math.max(1, Math.floor(heap.length / 10)));
  console.log(`verifier (${summary.entries} entries, ${summary.treeHeads} signed heads; sink ${sink & 1}):`);
  console.log(`  raw SHA-256 over the same message bytes (crypto.hash)   ${shaRate.toFixed(0)} messages/s  (baseline)`);
  console.log(`  the same with a Hash object (createHash, earlier runs)  ${hashObjectRate.toFixed(0)} messages/s`);
  console.log(
    `  StreamVerifier.accept                                   ${rate.toFixed(0)} entries/s  ratio ${(rate / shaRate).toFixed(3)} (${(rate / hashObjectRate).toFixed(3)} against createHash)`,
  );
  stageBreakdown(keyPair, Math.min(ENTRIES, 200_000));
  console.log(
    `  heap used: max over the first tenth ${mb(Math.max(...tenth))}, max over the whole run ${mb(Math.max(...heap))}, at the end ${mb(heap[heap.length - 1])}`,
  );
}

async function benchProofs(): Promise<void> {
  const db = await createTestDatabase('bench_audit_proofs');
  const ds = await dataSourceFor(db);
  try {
    const frontier = new Frontier();
    let nodes: FrontierNode[] = [];
    // As the log stores them: leaves as the entries' leaf_hash, the complete subtrees above them as node rows.
    const flush = async (): Promise<void> => {
      if (nodes.length === 0) return;
      const leaves = nodes.filter((n) => n.level === 0);
      const inner = nodes.filter((n) => n.level > 0);
      await ds.query(
        `INSERT INTO audit_log_entry (seq, kind, aggregate_id, payload, recorded_at, prev_hash, canonical, leaf_hash)
         SELECT i + 1, 'bench.leaf', 'bench', '{}', now(), '\\x', '\\x', h FROM unnest($1::bigint[], $2::bytea[]) AS l(i, h)`,
        [leaves.map((n) => n.index), leaves.map((n) => n.hash)],
      );
      await ds.query(`INSERT INTO audit_log_node (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`, [
        inner.map((n) => n.level),
        inner.map((n) => n.index),
        inner.map((n) => n.hash),
      ]);
      nodes = [];
    };
    const fillStart = Date.now();
    const seed = Buffer.alloc(8);
    for (let i = 0; i < PROOF_SIZE; i++) {
      seed.writeBigUInt64BE(BigInt(i));
      frontier.append(leafHash(seed), (n) => nodes.push(n));
      if (nodes.length >= 50_000) await flush();
    }
    await flush();
    const store = new AuditLogStore();
    const root = frontier.root();
    const check = rangeHash({ start: 0, end: PROOF_SIZE }, await store.subtreesFor(ds.manager, [{ start: 0, end: PROOF_SIZE }]));
    if (!check.equals(root)) throw new Error('stored tree does not give the streamed root');
    const time = async (label: string, make: () => Promise<unknown>): Promise<void> => {
      const samples: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const t0 = process.hrtime.bigint();
        await make();
        samples.push(ms(process.hrtime.bigint() - t0));
      }
      samples.sort((a, b) => a - b);
      console.log(`  ${label.padEnd(40)} p50 ${pct(samples, 50).toFixed(2)} ms  p99 ${pct(samples, 99).toFixed(2)} ms`);
    };
    console.log(`proofs from stored subtrees (tree of ${PROOF_SIZE} leaves, filled in ${((Date.now() - fillStart) / 1000).toFixed(0)} s):`);
    const rnd = (n: number): number => Math.floor(Math.random() * n);
    await time('inclusion proof (random leaf)', async () => {
      const ranges = inclusionProofRanges(rnd(PROOF_SIZE), PROOF_SIZE);
      const get = await store.subtreesFor(ds.manager, ranges);
      return ranges.map((r) => rangeHash(r, get));
    });
    await time('consistency proof (random older size)', async () => {
      const ranges = consistencyProofRanges(1 + rnd(PROOF_SIZE - 1), PROOF_SIZE);
      const get = await store.subtreesFor(ds.manager, ranges);
      return ranges.map((r) => rangeHash(r, get));
    });
    await time('baseline: one primary-key lookup', () =>
      ds.query(`SELECT hash FROM audit_log_node WHERE level = 1 AND idx = $1`, [rnd(PROOF_SIZE / 2)]),
    );
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  console.log(
    `budget-audit audit-log benchmark (figures on a shared machine are indicative); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (!only || only === 'append') await benchAppend();
  if (!only || only === 'verifier') benchVerifier();
  if (!only || only === 'proofs') await benchProofs();
  console.log(
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
