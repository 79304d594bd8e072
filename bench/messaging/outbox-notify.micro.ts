/* Micro-benchmark: what the outbox's NOTIFY costs committing writers. BENCH_WRITERS concurrent transactions, each
 * "INSERT a business row + OutboxWriter.add", with
 *   - no trigger (the lower bound: nothing wakes the relay but its poll),
 *   - the statement-level trigger that NOTIFYs on every insert (CreateMessagingTables1767225600000),
 *   - the gated trigger that NOTIFYs only while a relay waits (OutboxNotifyWhenRelayWaits1767657600000),
 *     with no relay registered (the relay is busy claiming: the case under load), and with one registration (only
 * the first writer after it notifies).
 * PostgreSQL serialises the commits of notifying transactions (one global lock held through the commit's WAL
 * flush), so the difference grows with the number of writers.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/messaging/outbox-notify.micro.ts
 * Env: BENCH_TX (per variant, default 4000), BENCH_WRITERS (default 8), DATABASE_URL. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ReportSubmittedEvent } from '@wco/contracts';
import { MESSAGING_MIGRATIONS, OutboxWriter } from '@wco/messaging';
import { createTestDatabase, type TestDatabase } from '@wco/testing';
import { DataSource } from 'typeorm';
import { reportSubmittedPayload } from './report-submitted.fixture';

const TX = Number(process.env['BENCH_TX'] ?? 4000);
const WRITERS = Number(process.env['BENCH_WRITERS'] ?? 8);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

async function writeLoad(ds: DataSource): Promise<number> {
  const writer = new OutboxWriter('/intel-exchange');
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next++ < TX) {
        const id = randomUUID();
        await ds.transaction(async (m) => {
          await m.query('INSERT INTO business (id) VALUES ($1)', [id]);
          await writer.add(m, { type: ReportSubmittedEvent.type, subject: id, data: reportSubmittedPayload(id) });
        });
      }
    }),
  );
  return TX / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  let db: TestDatabase | undefined;
  let ds: DataSource | undefined;
  try {
    db = await createTestDatabase('bench_notify');
    ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MESSAGING_MIGRATIONS,
      extra: { max: WRITERS + 2 },
    });
    await ds.initialize();
    await ds.runMigrations();
    await ds.query('CREATE TABLE business (id uuid PRIMARY KEY)');
    const conn = ds;
    const variants: Record<string, () => Promise<void>> = {
      'no trigger': () => conn.query('DROP TRIGGER IF EXISTS outbox_notify ON outbox'),
      'NOTIFY on every insert (before)': async () => {
        await conn.query('DROP TRIGGER IF EXISTS outbox_notify ON outbox');
        await conn.query('CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()');
      },
      'gated, no relay waiting (after, relay busy)': async () => {
        await conn.query('DROP TRIGGER IF EXISTS outbox_notify ON outbox');
        await conn.query(
          'CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_if_waited_for()',
        );
        await conn.query('DELETE FROM outbox_waiting_relay');
      },
      'gated, one registration (first writer notifies)': async () => {
        await conn.query(`INSERT INTO outbox_waiting_relay (relay_id) VALUES ('bench')`);
      },
    };
    const results: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, setup] of Object.entries(variants)) {
        await setup();
        await conn.query('TRUNCATE outbox, business');
        const rate = await writeLoad(conn);
        (results[name] ??= []).push(rate);
        console.log(`round ${round + 1} ${name}: ${rate.toFixed(0)} tx/s`);
      }
    }
    console.log(`\n${WRITERS} concurrent writers, ${TX} transactions per variant and round (tx/s):`);
    for (const [name, rates] of Object.entries(results))
      console.log(`  ${name.padEnd(48)} ${rates.map((r) => r.toFixed(0).padStart(6)).join('')}`);
  } finally {
    await ds?.destroy();
    await db?.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`benchmark failed: ${err.stack}`);
    process.exit(1);
  },
);
