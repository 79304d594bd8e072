/* The funding saga's round trip (issue 10: approve -> funded event, p50/p99, both services running): assistance and
 * budget-audit as their own processes from main.ts (the scenario's platform: a broker of the run's own, databases
 * of the shared PostgreSQL). Timed from the coordinator's POST /missions/{id}/funding-request to the arrival of
 * budget-audit's `funding.reserved` answer on budget.funding.v1 at a consumer of the run; then to the mission
 * showing `funded` over HTTP. The baseline, in the same run on the same broker: one produce -> consume hop of a
 * CloudEvent of the same size (the saga makes four such hops: two relays, two consumers, plus both services' work).
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/assistance/saga-round-trip.bench.ts
 * Env: BENCH_MISSIONS (40), DATABASE_URL. */
import 'reflect-metadata';
import { encodeEvent } from '@wco/contracts';
import { createTopics, EventCollector, until } from '@wco/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { coordinator, ok, startSagaPlatform } from '../../e2e/funding-saga/src/testing/saga-platform';

const MISSIONS = Number(process.env['BENCH_MISSIONS'] ?? 40);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return {
    p50: pct(s, 50),
    p99: pct(s, 99),
    max: s[s.length - 1],
    text: `p50=${pct(s, 50).toFixed(1)} ms p99=${pct(s, 99).toFixed(1)} ms max=${s[s.length - 1].toFixed(1)} ms`,
  };
};

async function main(): Promise<void> {
  const p = await startSagaPlatform(1_000_000_000);
  try {
    const brokers = p.brokers;
    const answered = (missionId: string) =>
      p.answers.events.some((e) => e.event.subject === missionId && e.event.type.endsWith('.reserved.v1'));
    const roundTrip: number[] = [];
    const toFunded: number[] = [];
    for (let i = 0; i < MISSIONS + 3; i++) {
      const { missionId } = await p.plannedMission(`Bench mission ${i}`);
      const t0 = performance.now();
      await ok('funding request', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
      await until(async () => answered(missionId), 120_000, 'the reservation', 2).catch((e: Error) => {
        const seen = p.answers.events.filter((x) => x.event.subject === missionId).map((x) => [x.event.type, x.event.data]);
        throw new Error(`${e.message}; answers about the mission: ${JSON.stringify(seen)}`);
      });
      const answeredAt = performance.now();
      await p.missionOnceIn(missionId, 'funded', 5);
      // The first three warm both services up (JIT, pools, the consumers' first fetches): not measured.
      if (i >= 3) {
        roundTrip.push(answeredAt - t0);
        toFunded.push(performance.now() - t0);
      }
    }

    // Baseline: one hop on the same broker, a CloudEvent produced and seen by a consumer.
    const topic = `bench.hop.${randomUUID()}`;
    await createTopics(brokers, [{ topic, numPartitions: 1 }]);
    const hops = new EventCollector(brokers);
    await hops.start([topic]);
    const producer = new Kafka({ clientId: 'bench-hop', brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const hop: number[] = [];
    for (let i = 0; i < MISSIONS + 3; i++) {
      const id = randomUUID();
      const t0 = performance.now();
      await producer.send({
        topic,
        messages: [
          encodeEvent({
            id,
            type: 'org.wcoomd.bench.hop.v1',
            source: '/bench',
            subject: id,
            data: { missionId: id, amountCents: 570_000 },
          }),
        ],
      });
      await until(async () => hops.events.some((e) => e.event.id === id), 60_000, 'the hop', 2);
      if (i >= 3) hop.push(performance.now() - t0);
    }
    await producer.disconnect();
    await hops.stop();

    const rt = summary(roundTrip);
    const f = summary(toFunded);
    const h = summary(hop);
    console.log(`funding saga round trip over ${MISSIONS} missions, both services as processes, broker of the run's own:`);
    console.log(`  approve -> funding.reserved seen on budget.funding.v1: ${rt.text}`);
    console.log(`  approve -> mission shows funded (HTTP poll every 5 ms): ${f.text}`);
    console.log(`  baseline, one produce -> consume hop: ${h.text}`);
    console.log(`  round trip / one hop: p50 x${(rt.p50 / h.p50).toFixed(1)}, p99 x${(rt.p99 / h.p99).toFixed(1)}`);
  } finally {
    await p.stop();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
