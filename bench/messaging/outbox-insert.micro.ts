/* What the outbox costs PostgreSQL per business transaction: the CPU of the database backend (from /proc, so run it
 * on the database's machine) for a transaction that writes one business row, the same plus a report's seven outbox
 * rows (one report event, six match events) and with one row, each written by OutboxWriter (with the COMMIT) and by
 * the same append sent as a statement of its own, and the relay's claim and DELETE of those rows. Rounds alternate so drift of the machine weighs on every variant.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/messaging/outbox-insert.micro.ts
 * Env: BENCH_TX (transactions per variant and round, default 2000), BENCH_ROUNDS (3), DATABASE_URL. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { MESSAGING_MIGRATIONS, OutboxWriter } from '@wco/messaging';
import { createTestDatabase } from '@wco/testing';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { reportEvents } from './report-submitted.fixture';
import { OUTBOX_APPEND } from '../../libs/messaging/src/lib/outbox/outbox-writer';

const N = Number(process.env['BENCH_TX'] ?? 2000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

/** utime + stime of a process in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const db = await createTestDatabase('outbox-insert-micro');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: MESSAGING_MIGRATIONS,
    extra: { max: 1 },
  });
  try {
    await ds.initialize();
    await ds.runMigrations();
    await ds.query('CREATE TABLE business (id uuid PRIMARY KEY, body jsonb NOT NULL)');
    const writer = new OutboxWriter('/intel-exchange');
    // The same append as a statement of its own (a named one, planned once per connection): what OutboxWriter did
    // before its rows rode on the COMMIT, one more round trip to the backend per transaction.
    const ownStatement = async (m: EntityManager, events: ReturnType<typeof reportEvents>): Promise<void> => {
      const client = (await (m.queryRunner as unknown as { connect(): Promise<PoolClient> }).connect()) as PoolClient;
      await client.query({ name: 'micro_outbox_append', text: OUTBOX_APPEND, values: writer.appendArguments(events).values });
    };
    const [{ pid }] = (await ds.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];

    const variants: [string, (m: EntityManager) => Promise<unknown>][] = [
      ['business row only', async () => undefined],
      ['+ 1 outbox row (OutboxWriter: sent with the COMMIT)', (m) => writer.addMany(m, reportEvents().slice(0, 1))],
      ['+ 1 outbox row (same append, a statement of its own)', (m) => ownStatement(m, reportEvents().slice(0, 1))],
      ['+ 7 outbox rows (OutboxWriter: sent with the COMMIT)', (m) => writer.addMany(m, reportEvents())],
      ['+ 7 outbox rows (same append, a statement of its own)', (m) => ownStatement(m, reportEvents())],
    ];
    const results = new Map<string, number[]>();
    const relay: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, extra] of variants) {
        const before = cpuMs(pid);
        for (let i = 0; i < N; i++) {
          await ds.transaction(async (m) => {
            await m.query('INSERT INTO business VALUES ($1, $2)', [randomUUID(), '{"a":1}']);
            await extra(m);
          });
        }
        results.set(label, [...(results.get(label) ?? []), ((cpuMs(pid) - before) / N) * 1000]);
        // The relay's claim and DELETE (with shard locks and an idempotent producer left out: database work only).
        const before2 = cpuMs(pid);
        let rows = 0;
        for (;;) {
          const n = await ds.transaction(async (m) => {
            const got = (await m.query(
              `SELECT seq, event_id, topic, key, ce_type, ce_source, ce_subject, ce_time, payload, headers FROM outbox
               WHERE shard = ANY('{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15}'::int[]) ORDER BY seq LIMIT 500`,
            )) as { seq: string }[];
            if (got.length) await m.query(`DELETE FROM outbox WHERE seq = ANY($1::bigint[])`, [got.map((g) => g.seq)]);
            return got.length;
          });
          rows += n;
          if (n === 0) break;
        }
        if (rows > 0) relay.push(((cpuMs(pid) - before2) / rows) * 1000);
      }
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const base = median(results.get(variants[0][0])!);
    console.log(
      `\noutbox cost in the database backend, ${N} transactions x ${ROUNDS} rounds, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log('| variant | backend CPU per transaction (median, µs) | rounds | added by the outbox |');
    console.log('| --- | --- | --- | --- |');
    for (const [label] of variants) {
      const v = results.get(label)!;
      console.log(
        `| ${label} | ${median(v).toFixed(0)} | ${v.map((x) => x.toFixed(0)).join(' / ')} | ${label === variants[0][0] ? '' : `${(median(v) - base).toFixed(0)} µs`} |`,
      );
    }
    console.log(
      `| relay claim + DELETE, per row | ${median(relay).toFixed(0)} | ${relay.map((x) => x.toFixed(0)).join(' / ')} | x 7 rows per report |`,
    );
  } finally {
    await ds.destroy().catch(() => undefined);
    await db.drop();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
