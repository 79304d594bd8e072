/* Tamper tests: the real service appends to its audit log on PostgreSQL, the outbox relay publishes it to a real
 * Kafka topic, and the independent verifier (apps/audit-verifier, run as the auditor runs it: a child process) must
 * accept the genuine stream and name each kind of tampering. */
import { AUDIT_LOG_KEY, AuditEntryAppendedEvent, encodeEvent, Topics, TreeHeadSignedEvent } from '@wco/contracts';
import type { EncodedEvent } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import { canonicalBytes, Frontier, keyIdOf, leafHash, signTreeHead, verifyInclusion } from '@wco/merkle';
import { createTopics, deleteTopics, testInfra, uniqueTopic } from '@wco/testing';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { auditor, BudgetAuditTestApp, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { runVerifier, type VerifierRun } from '../testing/verifier-cli';
import { AuditLogService } from './audit-log.service';

jest.setTimeout(180_000);

const infra = testInfra();
const kafka = new Kafka({ clientId: 'audit-tamper-spec', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });

/** Every message of the topic in partition order, as the broker holds it. */
async function readAll(topic: string, expected: number): Promise<EncodedEvent[]> {
  const consumer = kafka.consumer({ groupId: `tamper-${Date.now()}-${Math.random()}` });
  const got: { partition: number; offset: bigint; m: EncodedEvent }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      got.push({ partition, offset: BigInt(message.offset), m: { key: String(message.key), value: String(message.value), headers } });
      if (got.length >= expected) resolveDone();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      done,
      new Promise((_, no) => (timer = setTimeout(() => no(new Error(`only ${got.length} of ${expected} messages on ${topic}`)), 30_000))),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return got.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset)).map((g) => g.m);
}

const topicsToDelete: string[] = [];
async function publish(messages: EncodedEvent[], transactional = false): Promise<string> {
  const topic = uniqueTopic('audit.tamper');
  topicsToDelete.push(topic);
  await createTopics(infra.kafkaBrokers, [{ topic, numPartitions: 1 }]);
  const producer = transactional
    ? kafka.producer({ transactionalId: `tamper-${topic}`, idempotent: true, maxInFlightRequests: 1 })
    : kafka.producer();
  await producer.connect();
  if (transactional) {
    // An aborted transaction, then a committed one: read_committed must skip the first, and the commit marker that
    // ends the partition is no message a consumer ever receives.
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: messages.slice(0, 3) });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages });
    await committed.commit();
  } else {
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  return topic;
}

/** A `ledger.entry.posted` payload as the ledger feature documents it (apps/budget-audit/README.md). */
const posted = (n: number, cents: number): Record<string, unknown> => ({
  entryId: `entry-${n}`,
  fiscalYear: 2027,
  kind: 'standard',
  postings: [
    { account: '6100', lineCode: 'ORG2-1', amountCents: String(cents) },
    { account: '4000', lineCode: null, amountCents: String(-cents) },
  ],
});
const data = (m: EncodedEvent): Record<string, any> => JSON.parse(m.value);
const isEntry = (m: EncodedEvent, seq?: number): boolean =>
  m.headers['ce_type'] === AuditEntryAppendedEvent.type && (seq === undefined || data(m).seq === seq);
const isHead = (m: EncodedEvent, size?: number): boolean =>
  m.headers['ce_type'] === TreeHeadSignedEvent.type && (size === undefined || data(m).treeSize === size);
const entryMessage = (e: object): EncodedEvent =>
  encodeEvent({ type: AuditEntryAppendedEvent.type, source: '/budget-audit', subject: AUDIT_LOG_KEY, data: e });
const headMessage = (h: object): EncodedEvent =>
  encodeEvent({ type: TreeHeadSignedEvent.type, source: '/budget-audit', subject: AUDIT_LOG_KEY, data: h });

/** The stream re-written from entry `from` on with `change` applied, chain and heads recomputed and signed with `key`. */
function rewrite(
  original: EncodedEvent[],
  from: number,
  change: (payload: Record<string, unknown>) => Record<string, unknown>,
  key: KeyObject,
): EncodedEvent[] {
  const frontier = new Frontier();
  let prev = '0'.repeat(64);
  return original.map((m) => {
    if (isEntry(m)) {
      const e = data(m);
      const doc = {
        seq: e.seq,
        kind: e.kind,
        aggregateId: e.aggregateId,
        payload: e.seq === from ? change(e.payload) : e.payload,
        recordedAt: e.recordedAt,
        prevHash: prev,
      };
      const leaf = leafHash(canonicalBytes(doc));
      frontier.append(leaf);
      prev = leaf.toString('hex');
      return entryMessage({ ...doc, leafHash: prev });
    }
    const h = data(m);
    const rootHash = frontier.root();
    const signature = signTreeHead(
      { treeSize: h.treeSize, previousTreeSize: h.previousTreeSize, rootHash, timestamp: h.timestamp },
      key,
    ).toString('base64');
    return headMessage({ ...h, rootHash: rootHash.toString('hex'), keyId: keyIdOf(createPublicKey(key)), signature });
  });
}

describe('tampering with the audit stream is detected and named by the independent verifier', () => {
  let t: BudgetAuditTestApp;
  let dir: string;
  let signingKey: KeyObject;
  let publicKeyFile: string;
  let stateFile: string;
  let topic: string;
  let original: EncodedEvent[];
  let firstRun: VerifierRun;

  const waitForRelay = async (): Promise<void> => {
    for (let i = 0; i < 200 && (await t.count('outbox')) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await t.count('outbox')).toBe(0);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-tamper-'));
    signingKey = generateKeyPairSync('ed25519').privateKey;
    const keyFile = join(dir, 'signing-key.pem');
    writeFileSync(keyFile, signingKey.export({ type: 'pkcs8', format: 'pem' }));
    Object.assign(process.env, { AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_TREE_HEAD_EVERY: '5', AUDIT_TREE_HEAD_INTERVAL_MS: '0' });
    t = await startBudgetAuditApp('audit_tamper', { kafka: true });
    topic = t.topics[Topics.BudgetLedger];
    const log = t.app.get(AuditLogService);
    // Each batch in the log before the next (as three requests one after the other): heads at 8 and 12.
    for (let batch = 0; batch < 3; batch++) {
      const ids = await t.dataSource.transaction((em) =>
        log.append(
          em,
          Array.from({ length: 4 }, (_, i) => ({
            kind: 'ledger.entry.posted',
            aggregateId: `entry-${batch * 4 + i + 1}`,
            payload: posted(batch * 4 + i + 1, 12_500 + i),
          })),
        ),
      );
      await log.whenIntegrated(ids);
    }
    expect((await t.call(auditor, 'POST', '/audit-log/tree-heads')).body.treeSize).toBe(12);
    await waitForRelay();
    // What an auditor does: take the key from the well-known route, keep it, verify with it.
    publicKeyFile = join(dir, 'audit-log-key.pem');
    writeFileSync(publicKeyFile, (await t.app.inject({ method: 'GET', url: '/.well-known/audit-log-key' })).json().publicKeyPem);
    stateFile = join(dir, 'auditor-state.json');
    original = await readAll(topic, 12 + 2);
    firstRun = await runVerifier(topic, publicKeyFile, stateFile);
  });
  afterAll(async () => {
    await t?.close();
    await deleteTopics(infra.kafkaBrokers, topicsToDelete).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    for (const k of ['AUDIT_SIGNING_KEY_FILE', 'AUDIT_TREE_HEAD_EVERY', 'AUDIT_TREE_HEAD_INTERVAL_MS']) delete process.env[k];
  });

  it('verifies the genuine stream (12 entries, heads at 8 and 12) and saves the last head for the next run', () => {
    expect(firstRun.code).toBe(0);
    expect(firstRun.result).toMatchObject({ ok: true, summary: { entries: 12, treeHeads: 2, unsignedEntries: 0 } });
    // The trial balance recomputed from the stream alone: 12 entries of 12 500..12 503 cents.
    const total = String(3 * (12_500 + 12_501 + 12_502 + 12_503));
    expect(firstRun.result.trialBalances).toEqual({
      '2027': { '4000': { debitCents: '0', creditCents: total }, '6100': { debitCents: total, creditCents: '0' } },
    });
    expect(existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).treeSize).toBe(12);
    expect(original.filter((m) => isHead(m)).map((m) => data(m).treeSize)).toEqual([8, 12]);
  });

  it("takes the key from the service's well-known route as well (--key-url)", async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const run = await runVerifier(await publish(original), `${await t.app.getUrl()}/.well-known/audit-log-key`);
    expect(run.code).toBe(0);
    expect(run.result).toMatchObject({ ok: true, summary: { entries: 12, treeHeads: 2 } });
  });

  it('reads a stream written in transactions with read_committed: skips the aborted records, ends past the commit marker', async () => {
    const run = await runVerifier(await publish(original, true), publicKeyFile);
    expect(run.code).toBe(0);
    expect(run.result).toMatchObject({ ok: true, summary: { entries: 12, treeHeads: 2 } });
  });

  it('names an amount changed in a re-published event', async () => {
    const m = original.map((x) => (isEntry(x, 2) ? entryMessage({ ...data(x), payload: posted(2, 99_999_00) }) : x));
    const run = await runVerifier(await publish(m), publicKeyFile);
    expect(run.code).toBe(1);
    expect(run.result.failure?.code).toBe('entry_altered');
    expect(run.result.failure?.message).toMatch(/^Entry 2 \(ledger\.entry\.posted entry-2\) was altered/);
  });

  it('names a deleted entry', async () => {
    const run = await runVerifier(await publish(original.filter((x) => !isEntry(x, 5))), publicKeyFile);
    expect([run.code, run.result.failure?.code, run.result.failure?.message]).toEqual([
      1,
      'sequence_gap',
      'Sequence number 5 is missing: expected entry 5, found entry 6.',
    ]);
  });

  it('names two reordered events', async () => {
    const m = [...original];
    const i = m.findIndex((x) => isEntry(x, 6));
    [m[i], m[i + 1]] = [m[i + 1], m[i]];
    const run = await runVerifier(await publish(m), publicKeyFile);
    expect([run.code, run.result.failure?.code, run.result.failure?.message]).toEqual([
      1,
      'sequence_gap',
      'Sequence number 6 is missing: expected entry 6, found entry 7.',
    ]);
  });

  it('names a dropped tree head', async () => {
    const run = await runVerifier(await publish(original.filter((x) => !isHead(x, 8))), publicKeyFile);
    expect(run.code).toBe(1);
    expect(run.result.failure).toEqual({
      code: 'tree_head_missing',
      message: 'A signed tree head is missing: the head at size 12 follows a head at size 8, but the last head received was none.',
      partition: 0,
      offset: '12',
      treeSize: 12,
    });
  });

  it('names a tree head forged with another key', async () => {
    const forger = generateKeyPairSync('ed25519').privateKey;
    const run = await runVerifier(await publish(rewrite(original, 3, (p) => ({ ...p, note: 'forged' }), forger)), publicKeyFile);
    expect(run.code).toBe(1);
    expect(run.result.failure?.code).toBe('foreign_key');
    expect(run.result.failure?.message).toMatch(
      /^The tree head at size 8 is signed by key [0-9a-f]{16}…, not by the published key [0-9a-f]{16}…\.$/,
    );
  });

  it('key rotation: accepts heads under the key valid at their time, names a retired key signing after its retirement', async () => {
    // The head at 8 is the service's (old key); the log then rotates at T, and the head at 12 is signed by the new key.
    const successor = generateKeyPairSync('ed25519').privateKey;
    const head8 = data(original.find((m) => isHead(m, 8)) as EncodedEvent);
    const rotation = head8.timestamp + 1;
    const resignAt12 = (key: KeyObject): EncodedEvent[] =>
      original.map((m) => {
        if (!isHead(m, 12)) return m;
        const h = data(m);
        const head = { treeSize: 12, previousTreeSize: 8, rootHash: Buffer.from(h.rootHash, 'hex'), timestamp: rotation };
        return headMessage({
          ...h,
          timestamp: rotation,
          keyId: keyIdOf(createPublicKey(key)),
          signature: signTreeHead(head, key).toString('base64'),
        });
      });
    // The well-known route's document after the rotation, as the auditor keeps it.
    const pem = (k: KeyObject): string => createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();
    const keysFile = join(dir, 'audit-log-keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify({
        keys: [
          { publicKeyPem: pem(successor), validFrom: new Date(rotation).toISOString(), validUntil: null, status: 'current' },
          { publicKeyPem: pem(signingKey), validFrom: null, validUntil: new Date(rotation).toISOString(), status: 'retired' },
        ],
      }),
    );
    const rotated = await runVerifier(await publish(resignAt12(successor)), keysFile);
    expect([rotated.code, rotated.result.summary]).toEqual([0, expect.objectContaining({ entries: 12, treeHeads: 2 })]);
    const late = await runVerifier(await publish(resignAt12(signingKey)), keysFile);
    expect([late.code, late.result.failure?.code]).toEqual([1, 'key_not_valid']);
    expect(late.result.failure?.message).toMatch(
      /^The tree head at size 12 is dated .+ and signed by key [0-9a-f]{16}…, which was valid only until .+: a key may not sign outside its period/,
    );
  });

  it('names a history rewritten behind the head saved in an earlier run, even when re-signed with the genuine key', async () => {
    const rewritten = await publish(rewrite(original, 2, () => posted(2, 1), signingKey));
    // On its own the rewritten stream is self-consistent: only the auditor's saved head can tell.
    expect((await runVerifier(rewritten, publicKeyFile)).code).toBe(0);
    const run = await runVerifier(rewritten, publicKeyFile, stateFile);
    expect(run.code).toBe(1);
    expect(run.result.failure?.code).toBe('history_rewritten');
    expect(run.result.failure?.message).toMatch(
      /^History was rewritten: the first 12 entries now hash to root [0-9a-f]{16}…, but the tree head you saved in an earlier run/,
    );
  });

  it('names an amount changed in the database and re-published from it; the changed entry no longer proves against the signed root', async () => {
    // An insider with database rights: bypasses the append-only trigger, rewrites entry 4 and re-publishes it.
    await t.dataSource.transaction(async (em) => {
      await em.query(`ALTER TABLE audit_log_entry DISABLE TRIGGER audit_log_entry_append_only`);
      const [row]: { canonical: Buffer }[] = await em.query(`SELECT canonical FROM audit_log_entry WHERE seq = 4`);
      const doc = JSON.parse(row.canonical.toString('utf8'));
      doc.payload.postings[0].amountCents = '1';
      doc.payload.postings[1].amountCents = '-1';
      await em.query(`UPDATE audit_log_entry SET payload = $1, canonical = $2 WHERE seq = 4`, [
        JSON.stringify(doc.payload),
        canonicalBytes(doc),
      ]);
      await em.query(`ALTER TABLE audit_log_entry ENABLE TRIGGER audit_log_entry_append_only`);
      const stored = original.find((x) => isEntry(x, 4)) as EncodedEvent;
      await t.app
        .get(OutboxWriter)
        .add(em, { type: AuditEntryAppendedEvent.type, topic, subject: AUDIT_LOG_KEY, data: { ...data(stored), payload: doc.payload } });
    });
    await waitForRelay();
    const run = await runVerifier(topic, publicKeyFile, stateFile);
    expect([run.code, run.result.failure?.code]).toEqual([1, 'duplicate_sequence']);
    expect(run.result.failure?.message).toBe(
      'Sequence number 4 appears twice: it was already received, and the next expected number was 13.',
    );
    // And what the API now shows for entry 4 fails its inclusion proof against the signed head.
    const head = (await t.call(auditor, 'GET', '/audit-log/tree-heads/latest')).body;
    const entry = (await t.call(auditor, 'GET', '/audit-log/entries/4')).body;
    const proof = (await t.call(auditor, 'GET', `/audit-log/proofs/inclusion?seq=4&treeSize=${head.treeSize}`)).body.proof.map(
      (p: string) => Buffer.from(p, 'hex'),
    );
    expect(entry.payload.postings[0].amountCents).toBe('1');
    expect(
      verifyInclusion(4 - 1, head.treeSize, leafHash(Buffer.from(entry.canonical, 'base64')), proof, Buffer.from(head.rootHash, 'hex')),
    ).toBe(false);
  });
});
