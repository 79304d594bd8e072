import { AuditEntryAppendedEvent, TreeHeadSignedEvent } from '@wco/contracts';
import { checkConsistency, leafHash, parsePublicKey, verifyInclusion, verifyTreeHead } from '@wco/merkle';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { AuditLogService, type AuditRecord } from './audit-log.service';

jest.setTimeout(60_000);

const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const FR = financeOfficer('FR');
const analyst = { subject: 'analyst-1', member: 'FR', roles: ['member-analyst' as const] };

const posted = (n: number): AuditRecord => ({
  kind: 'ledger.entry.posted',
  aggregateId: `entry-${n}`,
  payload: {
    entryId: `entry-${n}`,
    fiscalYear: 2027,
    kind: 'standard',
    postings: [
      { account: '6100', lineCode: 'ORG2-1', amountCents: String(1000 + n) },
      { account: '4000', lineCode: null, amountCents: String(-(1000 + n)) },
    ],
  },
});

describe('budget-audit audit log on PostgreSQL: gapless append, signed tree heads, proofs', () => {
  let t: BudgetAuditTestApp;
  let log: AuditLogService;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
    const keyFile = join(dir, 'signing-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    Object.assign(process.env, { AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_TREE_HEAD_EVERY: '5', AUDIT_TREE_HEAD_INTERVAL_MS: '0' });
    t = await startBudgetAuditApp('audit_log');
    log = t.app.get(AuditLogService);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const k of ['AUDIT_SIGNING_KEY_FILE', 'AUDIT_TREE_HEAD_EVERY', 'AUDIT_TREE_HEAD_INTERVAL_MS']) delete process.env[k];
  });

  it('numbers concurrent appends 0..n-1 without gap, chains each entry to the previous one, and leaves no gap after a rollback', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.dataSource.transaction((em) => log.append(em, [posted(2 * i), posted(2 * i + 1)]))),
    );
    await expect(
      t.dataSource.transaction(async (em) => {
        await log.append(em, [posted(99)]);
        throw new Error('the caller fails after appending');
      }),
    ).rejects.toThrow('the caller fails');
    await t.dataSource.transaction((em) => log.append(em, [posted(16)]));
    await log.integrate();
    const rows: { seq: string; prev_hash: Buffer; leaf_hash: Buffer; canonical: Buffer; aggregate_id: string }[] = await t.dataSource.query(
      `SELECT seq, prev_hash, leaf_hash, canonical, aggregate_id FROM audit_log_entry ORDER BY seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(rows.map((r) => r.aggregate_id)).not.toContain('entry-99');
    rows.forEach((r, i) => {
      expect(r.prev_hash.equals(i === 0 ? Buffer.alloc(32) : rows[i - 1].leaf_hash)).toBe(true);
      expect(leafHash(r.canonical).equals(r.leaf_hash)).toBe(true);
    });
    // Each entry and each head is in the outbox, in seq order, on the one audit-log key.
    const outbox: { ce_type: string; key: string; payload: { seq?: number; treeSize?: number } }[] = await t.dataSource.query(
      `SELECT ce_type, key, payload FROM outbox ORDER BY seq`,
    );
    const entries = outbox.filter((o) => o.ce_type === AuditEntryAppendedEvent.type);
    expect(entries.map((o) => o.payload.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(new Set(outbox.map((o) => o.key))).toEqual(new Set(['audit-log']));
    for (const h of outbox.filter((o) => o.ce_type === TreeHeadSignedEvent.type)) {
      const before = outbox.slice(0, outbox.indexOf(h)).filter((o) => o.ce_type === AuditEntryAppendedEvent.type).length;
      expect(h.payload.treeSize).toBe(before);
    }
  });

  it('hashes the payload as its event carries it (JSON: a Date as its ISO string, an undefined key left out)', async () => {
    await t.dataSource.transaction((em) =>
      log.append(em, [
        {
          kind: 'fiscal_year.open',
          aggregateId: '2027',
          payload: { year: 2027, from: new Date('2027-01-01T00:00:00.000Z'), note: undefined },
        },
      ]),
    );
    await log.integrate();
    const [row]: { canonical: Buffer; leaf_hash: Buffer }[] = await t.dataSource.query(
      `SELECT canonical, leaf_hash FROM audit_log_entry WHERE kind = 'fiscal_year.open'`,
    );
    expect(JSON.parse(row.canonical.toString()).payload).toEqual({ year: 2027, from: '2027-01-01T00:00:00.000Z' });
    expect(leafHash(row.canonical).equals(row.leaf_hash)).toBe(true);
  });

  it('refuses a float or an unsafe integer in a payload and writes nothing', async () => {
    await log.integrate();
    const before = [await t.count('audit_log_entry'), await t.count('audit_log_queue')];
    await expect(
      t.dataSource.transaction((em) => log.append(em, [{ kind: 'ledger.entry.posted', aggregateId: 'x', payload: { amount: 10.5 } }])),
    ).rejects.toThrow('$.amount: 10.5 is not a safe integer');
    await log.integrate();
    expect([await t.count('audit_log_entry'), await t.count('audit_log_queue')]).toEqual(before);
  });

  it('signs tree heads every N entries and on demand, verifiable with the key published at the well-known route', async () => {
    const published = await t.app.inject({ method: 'GET', url: '/.well-known/audit-log-key' });
    expect(published.statusCode).toBe(200);
    const key = parsePublicKey(published.json().publicKeyPem);
    expect(published.json()).toMatchObject({ algorithm: 'Ed25519', development: false });

    const onDemand = await t.call(auditor, 'POST', '/audit-log/tree-heads');
    expect(onDemand.status).toBe(201);
    expect(onDemand.body.treeSize).toBe(18);
    const latest = await t.call(FR, 'GET', '/audit-log/tree-heads/latest');
    expect(latest.body).toEqual(onDemand.body);
    const h = latest.body;
    expect(
      verifyTreeHead(
        { treeSize: h.treeSize, previousTreeSize: h.previousTreeSize, rootHash: hex(h.rootHash), timestamp: h.timestamp },
        Buffer.from(h.signature, 'base64'),
        key,
      ),
    ).toBe(true);
    // Asking again with nothing new answers the same head (sizes strictly increase: that is what chains them).
    expect((await t.call(auditor, 'POST', '/audit-log/tree-heads')).body).toEqual(h);
    const heads: { tree_size: string; previous_tree_size: string }[] = await t.dataSource.query(
      `SELECT tree_size, previous_tree_size FROM audit_tree_head ORDER BY tree_size`,
    );
    const sizes = heads.map((r) => Number(r.tree_size));
    expect(sizes[sizes.length - 1]).toBe(18);
    heads.forEach((r, i) => expect(Number(r.previous_tree_size)).toBe(i === 0 ? 0 : sizes[i - 1]));
  });

  it('serves inclusion proofs (by seq and by leaf hash) and consistency proofs that verify against the signed roots', async () => {
    const head = (await t.call(auditor, 'GET', '/audit-log/tree-heads/latest')).body;
    for (let seq = 1; seq <= head.treeSize; seq++) {
      const entry = (await t.call(auditor, 'GET', `/audit-log/entries/${seq}`)).body;
      const leaf = leafHash(Buffer.from(entry.canonical, 'base64'));
      expect(leaf.toString('hex')).toBe(entry.leafHash);
      const p = await t.call(auditor, 'GET', `/audit-log/proofs/inclusion?seq=${seq}&treeSize=${head.treeSize}`);
      expect(p.status).toBe(200);
      expect(verifyInclusion(seq - 1, head.treeSize, leaf, p.body.proof.map(hex), hex(head.rootHash))).toBe(true);
    }
    const entry5 = (await t.call(auditor, 'GET', '/audit-log/entries/5')).body;
    const byLeaf = await t.call(auditor, 'GET', `/audit-log/proofs/inclusion?leafHash=${entry5.leafHash}&treeSize=${head.treeSize}`);
    expect(byLeaf.body.seq).toBe(5);
    // Without treeSize: the latest signed head.
    expect((await t.call(auditor, 'GET', '/audit-log/proofs/inclusion?seq=5')).body).toEqual(byLeaf.body);
    const heads: { tree_size: string; root_hash: Buffer }[] = await t.dataSource.query(
      `SELECT tree_size, root_hash FROM audit_tree_head ORDER BY tree_size`,
    );
    for (const older of heads.slice(0, -1)) {
      const from = Number(older.tree_size);
      const c = await t.call(auditor, 'GET', `/audit-log/proofs/consistency?from=${from}&to=${head.treeSize}`);
      expect(c.status).toBe(200);
      expect(() => checkConsistency(from, head.treeSize, older.root_hash, hex(head.rootHash), c.body.proof.map(hex))).not.toThrow();
    }
  });

  it('refuses impossible proof requests with a 400 naming the parameter, and an unknown entry with a 404', async () => {
    const cases: [string, string][] = [
      ['/audit-log/proofs/inclusion?seq=1&treeSize=999999', 'treeSize'],
      ['/audit-log/proofs/inclusion?seq=0&treeSize=5', 'seq'],
      ['/audit-log/proofs/inclusion?seq=9&treeSize=5', 'treeSize'],
      ['/audit-log/proofs/inclusion?seq=abc&treeSize=5', 'seq'],
      ['/audit-log/proofs/inclusion?treeSize=5', 'seq'],
      ['/audit-log/proofs/inclusion?seq=1&treeSize=0', 'treeSize'],
      ['/audit-log/proofs/inclusion?leafHash=zz&treeSize=5', 'leafHash'],
      ['/audit-log/proofs/consistency?from=0&to=5', 'from'],
      ['/audit-log/proofs/consistency?from=6&to=5', 'from'],
      ['/audit-log/proofs/consistency?from=1&to=999999', 'to'],
    ];
    for (const [url, field] of cases) {
      const res = await t.call(auditor, 'GET', url);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const missing = await t.call(auditor, 'GET', '/audit-log/entries/123456');
    expect([missing.status, missing.body.code]).toEqual([404, 'audit_entry_not_found']);
  });

  it('lets the auditor, finance and admin roles read, refuses other roles (403) and anonymous callers (401); the key is public', async () => {
    expect((await t.call(analyst, 'GET', '/audit-log/tree-heads/latest')).status).toBe(403);
    expect((await t.call(analyst, 'POST', '/audit-log/tree-heads')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/audit-log/tree-heads/latest' })).statusCode).toBe(401);
    for (const role of ['auditor', 'finance-officer', 'finance-committee', 'admin'] as const) {
      expect((await t.call({ subject: `u-${role}`, member: 'WCO', roles: [role] }, 'GET', '/audit-log/tree-heads/latest')).status).toBe(
        200,
      );
    }
    expect((await t.app.inject({ method: 'GET', url: '/.well-known/audit-log-key' })).statusCode).toBe(200);
  });

  it('keeps the log append-only in the database: UPDATE and DELETE are refused', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log_entry SET payload = '{}' WHERE seq = 1`)).rejects.toThrow('append-only');
    await expect(t.dataSource.query(`DELETE FROM audit_tree_head`)).rejects.toThrow('append-only');
  });

  it('group commit: writers never wait for the single-writer point, and the sequencer integrates many writers in one transaction', async () => {
    await log.integrate();
    // Hold the head lock, as a sequencer busy with a long batch would.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM audit_log_head WHERE id = 1 FOR UPDATE`);
    try {
      const writers = Array.from({ length: 12 }, (_, i) =>
        t.dataSource.transaction((em) =>
          log.append(em, [{ kind: 'ledger.entry.posted', aggregateId: `group-${String(i).padStart(2, '0')}`, payload: { n: i } }]),
        ),
      );
      // Every writer commits while the lock is held: none of them takes it.
      const queued = (await Promise.all(writers)).flat();
      expect(queued).toHaveLength(12);
      expect(await t.count('audit_log_queue')).toBeGreaterThanOrEqual(12);
      expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_log_entry WHERE aggregate_id LIKE 'group-%'`))[0].n)).toBe(
        0,
      );
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    await log.integrate();
    const rows: { aggregate_id: string; tx: string }[] = await t.dataSource.query(
      `SELECT aggregate_id, xmin::text AS tx FROM audit_log_entry WHERE aggregate_id LIKE 'group-%' ORDER BY seq`,
    );
    expect(rows).toHaveLength(12);
    // All twelve in one sequencer transaction (the one that was waiting for the lock), none left in the queue.
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
    expect(await t.count('audit_log_queue')).toBe(0);
  });
});
