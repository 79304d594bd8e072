/* Request submission and transition throughput against the same write without the outbox (issue 10: target
 * >= 70 %), in one run on one app: the real assistance app (HTTP through Fastify's inject, the dev issuer's tokens,
 * validation, the conditional update, the history row, the RequestMovedEvent in the outbox of the move's
 * transaction, the relay publishing to per-run topics on the real broker), measured in rounds that alternate
 * between the real write and the same write with OutboxWriter.addMany left out (patched on its prototype, so every
 * other step is unchanged). Alternating rounds spread the drift of a shared machine over both variants.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/assistance/workflow.bench.ts
 * Env: BENCH_ROUNDS (6, half of each), BENCH_PER_ROUND (200 requests), BENCH_CONCURRENCY (8), DATABASE_URL, KAFKA_BROKERS. */
import 'reflect-metadata';
import { OutboxWriter } from '@wco/messaging';
import type { OutboxEvent } from '@wco/messaging';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { analyst, coordinator, startAssistanceApp } from '../../apps/assistance/src/testing/assistance-test-app';
import { requestBody } from '../../apps/assistance/src/testing/assistance-fixtures';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const PER_ROUND = Number(process.env['BENCH_PER_ROUND'] ?? 200);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);

let withoutOutbox = false;
const realAddMany = OutboxWriter.prototype.addMany;
OutboxWriter.prototype.addMany = async function addManyOrLeftOut(this: OutboxWriter, em: EntityManager, events: OutboxEvent[]) {
  return withoutOutbox ? events.map((e) => e.id ?? randomUUID()) : realAddMany.call(this, em, events);
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
type Op = 'create' | 'submit' | 'screen';
interface Sample {
  ms: number[];
  wallMs: number;
}

async function main(): Promise<void> {
  const t = await startAssistanceApp('bench_workflow', { kafka: true });
  const FR = analyst('FR');
  const results: Record<'outbox' | 'none', Record<Op, Sample>> = {
    outbox: { create: { ms: [], wallMs: 0 }, submit: { ms: [], wallMs: 0 }, screen: { ms: [], wallMs: 0 } },
    none: { create: { ms: [], wallMs: 0 }, submit: { ms: [], wallMs: 0 }, screen: { ms: [], wallMs: 0 } },
  };
  /** Runs `n` calls of `op` with CONCURRENCY in flight; each must answer `status`. */
  const phase = async (sample: Sample, n: number, status: number, op: (i: number) => Promise<{ status: number; body: any }>) => {
    let next = 0;
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
  };
  try {
    // Two warm-up rounds, one of each variant (JIT of every path, pools, the relay's first publishes): not measured.
    const warmUp = () => ({ create: { ms: [], wallMs: 0 }, submit: { ms: [], wallMs: 0 }, screen: { ms: [], wallMs: 0 } });
    for (let round = -2; round < ROUNDS; round++) {
      withoutOutbox = Math.abs(round) % 2 === 1;
      const r: Record<Op, Sample> = round < 0 ? warmUp() : results[withoutOutbox ? 'none' : 'outbox'];
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
      `assistance workflow writes: ${ROUNDS} alternating rounds of ${PER_ROUND} requests, ${CONCURRENCY} in flight (in-process HTTP, relay on); outbox rows left unpublished at the end: ${outboxRows[0].n}`,
    );
    for (const op of ['create', 'submit', 'screen'] as const) {
      const line = (variant: 'outbox' | 'none') => {
        const s = results[variant][op];
        const sorted = [...s.ms].sort((a, b) => a - b);
        const rate = (s.ms.length / s.wallMs) * 1000;
        return { rate, text: `${rate.toFixed(0)}/s p50=${pct(sorted, 50).toFixed(2)} ms p99=${pct(sorted, 99).toFixed(2)} ms` };
      };
      const a = line('outbox');
      const b = line('none');
      const what =
        op === 'create'
          ? 'draft (no event either way: the control)'
          : op === 'submit'
            ? 'submission (draft -> submitted)'
            : 'transition (submitted -> screening)';
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
