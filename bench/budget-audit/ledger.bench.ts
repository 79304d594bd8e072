/*
 * budget-audit ledger append benchmark (issue 9, "Performance"); run by `npm run bench`, never by `npm test`.
 *
 * On a fresh database (dropped at the end), the same balanced entries (an expense on one of BENCH_LINES budget
 * lines against cash: one journal_entry row, two posting rows, one audit record) are written two ways, each by
 * BENCH_CONCURRENCY workers with their own connections, one entry per transaction:
 *   - ledger: JournalService.post, the service's code path (year FOR SHARE, line FOR UPDATE and availability check,
 *     account checks, entry + postings, line counters, AuditLogService.append);
 *   - raw: the same rows with plain INSERTs through `pg`, no lock, no check, no counter.
 * and, BATCH entries per transaction:
 *   - batch: JournalService.createMany, the batch route's code path (set-wise statements, all or nothing);
 *   - raw-batch: the same rows as multi-row INSERTs through `pg`, one transaction per batch.
 * Order raw, ledger, raw-batch, batch, batch, raw-batch, ledger, raw, so drift of the shared machine weighs on each
 * pair alike. Prints entries/s, the ratio and
 * p50/p99 latency per entry. A ledger write counts once its audit record is in the log: queued in the entry's
 * transaction, then sequenced with the records of concurrent writers in one transaction (group commit).
 *
 * Knobs: BENCH_ENTRIES (per window, default 4000), BENCH_CONCURRENCY (8), BENCH_LINES (32), BENCH_BATCH (100),
 * BENCH_ONLY (batch or ledger: only that pair of windows).
 */
import 'reflect-metadata';
import { loadConfig } from '@wco/config';
import { createTestDatabase, testInfra } from '@wco/testing';
import type { Principal } from '@wco/auth';
import { WCO_SECRETARIAT } from '@wco/auth';
import { createHash, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { requestHash } from '../../apps/budget-audit/src/access/finance-access';
import { AuditLogService } from '../../apps/budget-audit/src/audit-log/audit-log.service';
import { BudgetAuditConfig } from '../../apps/budget-audit/src/config/budget-audit.config';
import { prepareBudgetAuditDatabase } from '../../apps/budget-audit/src/database/budget-audit.data-source';
import { CreateJournalEntryDto } from '../../apps/budget-audit/src/ledger/dto/ledger.dto';
import { JournalService, PostedEntry } from '../../apps/budget-audit/src/ledger/journal.service';
import { LedgerRepository } from '../../apps/budget-audit/src/ledger/ledger.repository';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};
const ENTRIES = num('BENCH_ENTRIES', 4000);
const CONCURRENCY = num('BENCH_CONCURRENCY', 8);
const LINES = num('BENCH_LINES', 32);
const BATCH = num('BENCH_BATCH', 100);
/** BENCH_ONLY=batch or ledger: only those windows (with their baselines). */
const ONLY = (kind: string): boolean => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === kind;
const YEAR = 2027;

const lineCode = (i: number): string => `2.10.${String(i % LINES).padStart(3, '0')}`;
const entryOf = (i: number): PostedEntry => ({
  id: randomUUID(),
  year: YEAR,
  kind: 'standard',
  description: `bench ${i}`,
  postings: [
    { account: '6000', lineCode: lineCode(i), amount: 100n },
    { account: '1000', lineCode: null, amount: -100n },
  ],
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** ENTRIES entries written by CONCURRENCY workers, `per` entries per call of `write` (latency is per call). */
async function run(
  label: string,
  write: (i: number) => Promise<void>,
  per = 1,
): Promise<{ label: string; rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = (next += per) - per; i < ENTRIES; i = (next += per) - per) {
        const t0 = process.hrtime.bigint();
        await write(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { label, rate: ENTRIES / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_ledger');
  const config = loadConfig(BudgetAuditConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: testInfra().databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    // The writers' connections, and two for the sequencer and the waiters' queue checks.
    DATABASE_POOL_SIZE: String(CONCURRENCY + 2),
  });
  const dataSource = await prepareBudgetAuditDatabase(config, { log: () => undefined });
  const raw = new Pool({ connectionString: db.url, max: CONCURRENCY });
  try {
    await dataSource.query(`INSERT INTO fiscal_year (year, status, created_by) VALUES ($1, 'open', 'bench')`, [YEAR]);
    await dataSource.query(
      `INSERT INTO budget_line (id, fiscal_year, code, chapter, article, line, title, programme, original_cents, final_cents)
       SELECT gen_random_uuid(), $1, '2.10.' || lpad(i::text, 3, '0'), '2', '10', lpad(i::text, 3, '0'), 'bench', 'ORG2', 1e15, 1e15
       FROM generate_series(0, $2 - 1) AS i`,
      [YEAR, LINES],
    );
    const lineIds = new Map<string, string>(
      (await dataSource.query(`SELECT code, id FROM budget_line`)).map((r: { code: string; id: string }) => [r.code, r.id]),
    );
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS bench_raw_audit_entry (LIKE audit_log_entry INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
    );
    await dataSource.query(`CREATE SEQUENCE IF NOT EXISTS bench_raw_audit_seq`);
    const audit = AuditLogService.standalone(dataSource);
    const journal = new JournalService(dataSource, new LedgerRepository(dataSource), audit);

    // Until the entry's audit record is in the log (sequenced, hashed, in the tree): what an HTTP caller waits for.
    const ledgerWrite = async (i: number): Promise<void> => {
      const e = entryOf(i);
      const ids: string[] = [];
      await audit.collecting(ids, () => dataSource.transaction((em) => journal.post(em, 'bench', e, requestHash(e.id))));
      await audit.whenIntegrated(ids);
    };
    const rawWrite = async (i: number): Promise<void> => {
      const e = entryOf(i);
      const client = await raw.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO journal_entry (id, fiscal_year, kind, description, request_hash, created_by) VALUES ($1, $2, 'standard', $3, $4, 'bench')`,
          [e.id, YEAR, e.description, requestHash(e.id)],
        );
        await client.query(
          `INSERT INTO posting (entry_id, n, account_code, line_id, amount_cents) VALUES ($1, 1, '6000', $2, 100), ($1, 2, '1000', NULL, -100)`,
          [e.id, lineIds.get(lineCode(i))],
        );
        // The same audit row the ledger path appends, into a copy of its table: hashes computed here, no chain lock
        // and no Merkle nodes, which is what the baseline leaves out.
        const payload = JSON.stringify({
          entryId: e.id,
          postings: e.postings.map((p) => ({ account: p.account, lineCode: p.lineCode, amountCents: p.amount.toString() })),
        });
        const leaf = createHash('sha256')
          .update(Buffer.concat([Buffer.from([0]), Buffer.from(payload)]))
          .digest();
        await client.query(
          `INSERT INTO bench_raw_audit_entry (seq, kind, aggregate_id, payload, recorded_at, prev_hash, canonical, leaf_hash)
           VALUES (nextval('bench_raw_audit_seq'), 'ledger.entry.posted', $1, $2, now(), $3, $4, $3)`,
          [e.id, payload, leaf, Buffer.from(payload)],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };

    // The batch route's path (JournalService.createMany: BATCH entries in one transaction, set-wise statements)
    // until its audit records are in the log, and the same rows as multi-row raw INSERTs, one transaction per batch.
    const officer: Principal = { subject: 'bench', member: WCO_SECRETARIAT, roles: ['finance-officer'] };
    const dtoOf = (i: number): CreateJournalEntryDto => ({
      id: randomUUID(),
      fiscalYear: YEAR,
      description: `bench ${i}`,
      postings: [
        { account: '6000', side: 'debit', amountCents: 100n, lineCode: lineCode(i) },
        { account: '1000', side: 'credit', amountCents: 100n },
      ],
    });
    const batchWrite = async (first: number): Promise<void> => {
      const dtos = Array.from({ length: Math.min(BATCH, ENTRIES - first) }, (_, k) => dtoOf(first + k));
      const ids: string[] = [];
      await audit.collecting(ids, () => journal.createMany(officer, dtos));
      await audit.whenIntegrated(ids);
    };
    const rawBatchWrite = async (first: number): Promise<void> => {
      const n = Math.min(BATCH, ENTRIES - first);
      const es = Array.from({ length: n }, (_, k) => ({ e: entryOf(first + k), line: lineIds.get(lineCode(first + k)) }));
      const payloads = es.map(({ e }) =>
        JSON.stringify({
          entryId: e.id,
          postings: e.postings.map((p) => ({ account: p.account, lineCode: p.lineCode, amountCents: p.amount.toString() })),
        }),
      );
      const leaves = payloads.map((payload) =>
        createHash('sha256')
          .update(Buffer.concat([Buffer.from([0]), Buffer.from(payload)]))
          .digest(),
      );
      const client = await raw.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO journal_entry (id, fiscal_year, kind, description, request_hash, created_by)
           SELECT id, $2, 'standard', d, h, 'bench' FROM unnest($1::uuid[], $3::varchar[], $4::char(64)[]) AS t(id, d, h)`,
          [es.map(({ e }) => e.id), YEAR, es.map(({ e }) => e.description), es.map(({ e }) => requestHash(e.id))],
        );
        await client.query(
          `INSERT INTO posting (entry_id, n, account_code, line_id, amount_cents)
           SELECT id, 1, '6000', l, 100 FROM unnest($1::uuid[], $2::uuid[]) AS t(id, l)
           UNION ALL SELECT id, 2, '1000', NULL, -100 FROM unnest($1::uuid[]) AS t(id)`,
          [es.map(({ e }) => e.id), es.map(({ line }) => line)],
        );
        await client.query(
          `INSERT INTO bench_raw_audit_entry (seq, kind, aggregate_id, payload, recorded_at, prev_hash, canonical, leaf_hash)
           SELECT nextval('bench_raw_audit_seq'), 'ledger.entry.posted', a, p::jsonb, now(), h, c, h
           FROM unnest($1::varchar[], $2::text[], $3::bytea[], $4::bytea[]) AS t(a, p, h, c)`,
          [es.map(({ e }) => e.id), payloads, leaves, payloads.map((p) => Buffer.from(p))],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };

    if (ONLY('ledger')) await run('warm-up', async (i) => (i % 2 ? ledgerWrite(i) : rawWrite(i)));
    // Not interleaved: the raw rows take the lines' key-share locks in any order, the batch its FOR UPDATE in code
    // order, and the two together could deadlock (which the service's writers, all locking in code order, cannot).
    if (ONLY('batch')) {
      await run('warm-up', rawBatchWrite, BATCH);
      await run('warm-up', batchWrite, BATCH);
    }
    const windows: [string, (i: number) => Promise<void>, number][] = [
      ['raw', rawWrite, 1],
      ['ledger', ledgerWrite, 1],
      ['raw-batch', rawBatchWrite, BATCH],
      ['batch', batchWrite, BATCH],
      ['batch', batchWrite, BATCH],
      ['raw-batch', rawBatchWrite, BATCH],
      ['ledger', ledgerWrite, 1],
      ['raw', rawWrite, 1],
    ];
    const kindOf = (label: string): string => (label.endsWith('batch') ? 'batch' : 'ledger');
    const results: Awaited<ReturnType<typeof run>>[] = [];
    for (const [label, write, per] of windows) if (ONLY(kindOf(label))) results.push(await run(label, write, per));
    const mean = (label: string) => results.filter((r) => r.label === label);
    const summary = ['ledger', 'raw', 'batch', 'raw-batch'].map((label) => {
      const rs = mean(label);
      return {
        label,
        rate: rs.reduce((s, r) => s + r.rate, 0) / rs.length,
        p50: Math.max(...rs.map((r) => r.p50)),
        p99: Math.max(...rs.map((r) => r.p99)),
      };
    });
    console.log(
      `budget-audit ledger append: ${ENTRIES} entries per window, ${CONCURRENCY} connections, ${LINES} lines; ledger/raw one entry per transaction, batch/raw-batch ${BATCH} entries per transaction (latency per batch); load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    for (const r of results)
      console.log(
        `  ${r.label.padEnd(7)} ${r.rate.toFixed(0).padStart(6)} entries/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`,
      );
    const [ledger, baseline, batched, rawBatched] = summary;
    if (ONLY('ledger')) {
      console.log(
        `  ledger/raw rate ratio: ${(ledger.rate / baseline.rate).toFixed(2)} (ledger ${ledger.rate.toFixed(0)}/s, raw ${baseline.rate.toFixed(0)}/s)`,
      );
    }
    if (ONLY('batch')) {
      console.log(
        `  batch/raw-batch rate ratio: ${(batched.rate / rawBatched.rate).toFixed(2)} (batch ${batched.rate.toFixed(0)}/s, raw-batch ${rawBatched.rate.toFixed(0)}/s; target 3000/s)`,
      );
    }
  } finally {
    await raw.end();
    await dataSource.destroy();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
