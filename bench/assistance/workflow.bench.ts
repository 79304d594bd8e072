/* Request submission and transition throughput against the same write without the outbox (issue 10: target
 * >= 70 %), in one run on one app: the real assistance app (HTTP through Fastify's inject, the dev issuer's tokens,
 * validation, the conditional update, the history row, the RequestMovedEvent in the outbox of the move's
 * transaction, the relay publishing to per-run topics on the real broker), measured in rounds that alternate
 * between the real write and the same write with OutboxWriter.addMany left out (patched on its prototype, so every
 * other step is unchanged). Alternating rounds spread the drift of a shared machine over both variants.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/assistance/workflow.bench.ts
 * Env: BENCH_ROUNDS (6, half of each), BENCH_PER_ROUND (200 requests), BENCH_CONCURRENCY (8), BENCH_POOL_SIZE (10, the
 * service's default DATABASE_POOL_SIZE), OUTBOX_RELAY_LINGER_MS (the service's default, 20), DATABASE_URL, KAFKA_BROKERS;
 * BENCH_ONLY=outbox|none runs every round (warm-up included) as that variant, to profile one of them alone (no ratio then). */
import 'reflect-metadata';
import { OutboxRelay, OutboxWriter } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { analyst, coordinator, startAssistanceApp } from '../../apps/assistance/src/testing/assistance-test-app';
import { requestBody } from '../../apps/assistance/src/testing/assistance-fixtures';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const PER_ROUND = Number(process.env['BENCH_PER_ROUND'] ?? 200);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
// The service's own default pool (DATABASE_POOL_SIZE, 10), not the test kit's 4: the relay's LISTEN connection and
// each of its claims (held while the batch goes to Kafka) come out of this pool, so 4 starved the writes with the outbox.
const POOL_SIZE = process.env['BENCH_POOL_SIZE'] ?? '10';
const ONLY = process.env['BENCH_ONLY'] as 'outbox' | 'none' | undefined;

let withoutOutbox = false;
const realAddMany = OutboxWriter.prototype.addMany;
OutboxWriter.prototype.addMany = async function addManyOrLeftOut(this: OutboxWriter, em: EntityManager, events: OutboxEvent[]) {
  return withoutOutbox ? events.map((e) => e.id ?? randomUUID()) : realAddMany.call(this, em, events);
};

// Counted, not changed: every statement sent to PostgreSQL (each one a round trip) and the relay's claims, so the
// figures say how many of each one write costs in either variant.
const counts = { queries: 0, claims: 0, published: 0 };
const realQuery = Client.prototype.query as (...args: unknown[]) => unknown;
(Client.prototype as { query: unknown }).query = function countedQuery(this: Client, ...args: unknown[]) {
  counts.queries++;
  return realQuery.apply(this, args);
};
const realPublishOnce = OutboxRelay.prototype.publishOnce;
OutboxRelay.prototype.publishOnce = async function countedPublishOnce(this: OutboxRelay) {
  counts.claims++;
  const n = await realPublishOnce.call(this);
  counts.published += n;
  return n;
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
type Op = 'create' | 'submit' | 'screen';
interface Sample {
  ms: number[];
  wallMs: number;
  queries: number;
  claims: number;
  published: number;
}
const emptySample = (): Sample => ({ ms: [], wallMs: 0, queries: 0, claims: 0, published: 0 });
const samples = (): Record<Op, Sample> => ({ create: emptySample(), submit: emptySample(), screen: emptySample() });

async function main(): Promise<void> {
  // OUTBOX_RELAY_LINGER_MS from the environment reaches the app (the test kit builds its configuration from its own
  // values), to measure another linger than the service's default.
  const linger = process.env['OUTBOX_RELAY_LINGER_MS'];
  const t = await startAssistanceApp('bench_workflow', {
    kafka: true,
    env: { DATABASE_POOL_SIZE: POOL_SIZE, ...(linger ? { OUTBOX_RELAY_LINGER_MS: linger } : {}) },
  });
  const FR = analyst('FR');
  const results: Record<'outbox' | 'none', Record<Op, Sample>> = {
    outbox: samples(),
    none: samples(),
  };
  /** Runs `n` calls of `op` with CONCURRENCY in flight; each must answer `status`. */
  const phase = async (sample: Sample, n: number, status: number, op: (i: number) => Promise<{ status: number; body: any }>) => {
    let next = 0;
    const before = { ...counts };
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          const t0 = performance.now();
          const res = await op(i);
          sample.ms.push(performance.now() - t0);
          if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
        }
      }),
    );
    sample.wallMs += performance.now() - began;
    sample.queries += counts.queries - before.queries;
    sample.claims += counts.claims - before.claims;
    sample.published += counts.published - before.published;
  };
  try {
    // Two warm-up rounds, one of each variant (JIT of every path, pools, the relay's first publishes): not measured.
    for (let round = -2; round < ROUNDS; round++) {
      withoutOutbox = ONLY ? ONLY === 'none' : Math.abs(round) % 2 === 1;
      const r: Record<Op, Sample> = round < 0 ? samples() : results[withoutOutbox ? 'none' : 'outbox'];
      const drafts: { id: string; version: number }[] = [];
      await phase(r.create, PER_ROUND, 201, async () => {
        const res = await t.call(FR, 'POST', '/requests', requestBody());
        drafts.push({ id: res.body.id, version: res.body.version });
        return res;
      });
      await phase(r.submit, drafts.length, 200, async (i) => {
        const res = await t.call(FR, 'POST', `/requests/${drafts[i].id}/transitions`, { to: 'submitted', version: drafts[i].version });
        drafts[i].version = res.body.version;
        return res;
      });
      await phase(r.screen, drafts.length, 200, (i) =>
        t.call(coordinator(), 'POST', `/requests/${drafts[i].id}/transitions`, {
          to: 'screening',
          version: drafts[i].version,
          reason: 'bench',
        }),
      );
    }
    withoutOutbox = false;
    const outboxRows: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);
    console.log(
      `assistance workflow writes: ${ROUNDS} alternating rounds of ${PER_ROUND} requests, ${CONCURRENCY} in flight, pool of ${POOL_SIZE} (in-process HTTP, relay on); outbox rows left unpublished at the end: ${outboxRows[0].n}`,
    );
    for (const op of ['create', 'submit', 'screen'] as const) {
      const line = (variant: 'outbox' | 'none') => {
        const s = results[variant][op];
        const sorted = [...s.ms].sort((a, b) => a - b);
        const rate = (s.ms.length / s.wallMs) * 1000;
        const n = s.ms.length;
        const perOp = `${(s.queries / n).toFixed(1)} statements/op, ${(s.claims / n).toFixed(2)} relay claims/op (${(s.published / Math.max(1, s.claims)).toFixed(1)} rows each)`;
        return { rate, text: `${rate.toFixed(0)}/s p50=${pct(sorted, 50).toFixed(2)} ms p99=${pct(sorted, 99).toFixed(2)} ms, ${perOp}` };
      };
      const what =
        op === 'create'
          ? 'draft (no event either way: the control)'
          : op === 'submit'
            ? 'submission (draft -> submitted)'
            : 'transition (submitted -> screening)';
      if (ONLY) {
        console.log(`${what}: ${ONLY === 'outbox' ? 'with' : 'without'} outbox only ${line(ONLY).text}`);
        continue;
      }
      const a = line('outbox');
      const b = line('none');
      console.log(`${what}: with outbox ${a.text}; without ${b.text}; ratio ${((a.rate / b.rate) * 100).toFixed(1)} % (target >= 70 %)`);
    }
  } finally {
    // The app's consumer leaving its group can take long on a loaded broker: the figures are out already.
    await Promise.race([t.close(), new Promise((r) => setTimeout(r, 30_000))]);
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
