/* Notification delivery (issue 12, "Performance"): a match event produced on Kafka -> the gateway's consumer ->
 * an SSE client and a webhook receiver, p50/p99 at a steady rate, against a raw kafkajs consumer of the same
 * topic in the same run (the baseline: what the broker alone costs); 1,000 concurrent SSE streams on loopback
 * with the gateway's memory per stream (clients in a child process); webhook deliveries/s to a local receiver,
 * against plain HTTP POSTs of the same bodies to the same receiver.
 * Run: npm run bench (or SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/gateway/delivery.bench.ts)
 * Env: BENCH_RATE (events/s, 50), BENCH_SECONDS (10), BENCH_SSE_CLIENTS (1000), BENCH_WEBHOOK_DELIVERIES (1000),
 *      DATABASE_URL, KAFKA_BROKERS. */
import 'reflect-metadata';
import { encodeEvent, IndicatorKind, MatchFoundEvent, Topics } from '@wco/contracts';
import { testInfra } from '@wco/testing';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kafka, logLevel } from 'kafkajs';
import { NotificationsRepository } from '../../apps/gateway/src/notifications/notifications.repository';
import { memberAnalyst, startGatewayApp, type GatewayTestApp } from '../../apps/gateway/src/testing/gateway-test-app';
import { SseClient } from '../../apps/gateway/src/testing/sse-client';
import { WebhookReceiver } from '../../apps/gateway/src/testing/webhook-receiver';

const RATE = Number(process.env['BENCH_RATE'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const SSE_CLIENTS = Number(process.env['BENCH_SSE_CLIENTS'] ?? 1000);
const DELIVERIES = Number(process.env['BENCH_WEBHOOK_DELIVERIES'] ?? 1000);
const STREAM_MEMBERS = 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const now = () => performance.timeOrigin + performance.now();
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function latencyAtSteadyRate(t: GatewayTestApp): Promise<void> {
  const topic = t.topics[Topics.IntelMatch];
  const kafka = new Kafka({ clientId: 'bench-delivery', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const sentAt = new Map<string, number>();
  const baseline = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `bench-baseline-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const subject = message.key?.toString();
      if (subject) baseline.set(subject, now());
    },
  });

  const FR = memberAnalyst('FR');
  const receiver = await new WebhookReceiver().start();
  const created = await t.call(FR, 'POST', '/webhooks', { title: 'Bench receiver', url: receiver.url });
  receiver.secrets = [created.body.secret as string];
  const sse = await new SseClient(`${await t.app.getUrl()}/notifications/stream`, { authorization: `Bearer ${await t.token(FR)}` }).open();

  const send = async (matchId: string) => {
    const data = {
      matchId,
      reportId: randomUUID(),
      memberToNotify: 'FR',
      indicatorKinds: [IndicatorKind.Container],
      matchedAt: new Date().toISOString(),
    };
    sentAt.set(matchId, now());
    await producer.send({
      topic,
      acks: -1,
      messages: [encodeEvent({ type: MatchFoundEvent.type, source: '/bench', subject: matchId, data })],
    });
  };
  // Warm-up until all three paths deliver (groups joined, connections open).
  for (let i = 0; i < 100; i++) {
    const id = randomUUID();
    await send(id);
    await sleep(300);
    if (baseline.has(id) && sse.events.length > 0 && receiver.received.length > 0) break;
  }
  await sleep(2000);
  const sseBefore = sse.events.length;
  const hooksBefore = receiver.received.length;
  const ids: string[] = [];
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = randomUUID();
    ids.push(id);
    void send(id);
  }
  await sse.waitFor((es) => es.length >= sseBefore + total, 120_000);
  await receiver.waitFor((r) => r.length >= hooksBefore + total, 120_000);
  const deadline = Date.now() + 30_000;
  while (ids.some((id) => !baseline.has(id)) && Date.now() < deadline) await sleep(50);

  const sseAt = new Map(
    sse.events.slice(sseBefore).map((e) => [(JSON.parse(e.data) as { subject: string }).subject, performance.timeOrigin + e.receivedAt]),
  );
  const hookAt = new Map(
    receiver.received.slice(hooksBefore).map((d) => [d.payload.data['subject'] as string, performance.timeOrigin + d.receivedAt]),
  );
  const lat = (at: Map<string, number>) => ids.filter((id) => at.has(id)).map((id) => at.get(id)! - sentAt.get(id)!);
  const rows = [
    ['raw kafkajs consumer (baseline)', lat(baseline)],
    ['gateway -> SSE client', lat(sseAt)],
    ['gateway -> webhook receiver', lat(hookAt)],
  ] as const;
  const base50 = pct(rows[0][1], 50);
  const base99 = pct(rows[0][1], 99);
  console.log(`\nmatch event produced -> delivered, ${total} events at ${RATE}/s (one Member, one stream, one endpoint):`);
  console.log('| path | n | p50 | p99 | p50 added to baseline | p99 added to baseline |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, values] of rows) {
    const p50 = pct(values, 50);
    const p99 = pct(values, 99);
    console.log(
      `| ${name} | ${values.length} | ${ms(p50)} | ${ms(p99)} | ${name.includes('baseline') ? '-' : `+${ms(p50 - base50)} (${(p50 / base50).toFixed(1)}x)`} | ${name.includes('baseline') ? '-' : `+${ms(p99 - base99)} (${(p99 / base99).toFixed(1)}x)`} |`,
    );
  }
  sse.close();
  await receiver.stop();
  await t.call(FR, 'DELETE', `/webhooks/${created.body.id as string}`);
  await consumer.disconnect();
  await producer.disconnect();
}

async function heldStreams(t: GatewayTestApp): Promise<void> {
  const members = Array.from({ length: STREAM_MEMBERS }, (_, i) =>
    `Z${String.fromCharCode(65 + (i % 26))}${i >= 26 ? 'X' : ''}`.slice(0, 3),
  );
  const tokens = await Promise.all(members.map((m) => t.token(memberAnalyst(m))));
  const child = fork(join(__dirname, 'sse-clients.ts'), [], {
    execArgv: ['--require', '@swc-node/register'],
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
  });
  const reply = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  try {
    await sleep(500);
    gc();
    const before = process.memoryUsage();
    const opening = reply<{ opened: number; refused: number }>();
    const t0 = now();
    child.send({
      open: { url: `${await t.app.getUrl()}/notifications/stream`, tokens, perToken: Math.ceil(SSE_CLIENTS / members.length) },
    });
    const { opened, refused } = await opening;
    const openMs = now() - t0;
    await sleep(1000);
    gc();
    const held = process.memoryUsage();
    // One notification per Member: every stream of the Member must get it.
    const receiving = reply<{ received: number[] }>();
    child.send({ expect: 1 });
    await sleep(200);
    const repo = t.app.get(NotificationsRepository);
    const recordedAt = now();
    await t.dataSource.transaction((em) =>
      repo.record(
        em,
        members.map((member) => ({ member, type: 'intel.match.found' as const, subject: randomUUID(), dedupeKey: randomUUID(), data: {} })),
      ),
    );
    const { received } = await receiving;
    const fanout = received.map((at) => at - recordedAt);
    const perStream = (b: number, a: number) => `${((a - b) / opened / 1024).toFixed(1)} KiB`;
    console.log(`\n${opened} concurrent SSE streams (${members.length} Members, ${refused} refused), clients in a child process:`);
    console.log(
      `| opened in | gateway heap per stream | gateway RSS per stream | notification committed -> on all streams, p50 / p99 / max |`,
    );
    console.log('| --- | --- | --- | --- |');
    console.log(
      `| ${ms(openMs)} | ${perStream(before.heapUsed, held.heapUsed)} | ${perStream(before.rss, held.rss)} | ${ms(pct(fanout, 50))} / ${ms(pct(fanout, 99))} / ${ms(Math.max(...fanout))} |`,
    );
  } finally {
    child.disconnect();
    await sleep(500);
  }
}

/** The baseline keeps its connections alive, as the gateway's sender does. */
const baselineAgent = new Agent({ keepAlive: true, maxFreeSockets: 256 });

function post(url: URL, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: baselineAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function webhookThroughput(t: GatewayTestApp): Promise<void> {
  const repo = t.app.get(NotificationsRepository);
  console.log(`\nwebhook deliveries/s to a local receiver (${DELIVERIES} notifications queued at once):`);
  console.log(
    '| endpoints | gateway worker (queue, sign, POST, log) | plain POSTs, same bodies, same concurrency (baseline) | gateway / baseline |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const endpoints of [1, 16]) {
    const members = Array.from({ length: endpoints }, (_, i) => `W${String.fromCharCode(65 + i)}`);
    const receiver = await new WebhookReceiver().start();
    const ids: string[] = [];
    for (const m of members) {
      const created = await t.call(memberAnalyst(m), 'POST', '/webhooks', { title: 'Throughput', url: receiver.url });
      ids.push(created.body.id as string);
    }
    const per = Math.ceil(DELIVERIES / endpoints);
    const started = now();
    await t.dataSource.transaction((em) =>
      repo.record(
        em,
        members.flatMap((member) =>
          Array.from({ length: per }, () => ({
            member,
            type: 'intel.match.found' as const,
            subject: randomUUID(),
            dedupeKey: randomUUID(),
            data: { x: 1 },
          })),
        ),
      ),
    );
    await receiver.waitFor((r) => r.length >= per * endpoints, 300_000);
    const gatewayRate = (per * endpoints) / ((now() - started) / 1000);
    const bodies = receiver.received.map((d) => d.body);
    // Baseline: the same bodies POSTed by one loop per endpoint (one at a time per endpoint, as the worker does).
    const url = new URL(receiver.url);
    const t0 = now();
    await Promise.all(
      members.map(async (_m, k) => {
        for (let i = k; i < bodies.length; i += endpoints) await post(url, bodies[i]);
      }),
    );
    const baselineRate = bodies.length / ((now() - t0) / 1000);
    console.log(
      `| ${endpoints} | ${gatewayRate.toFixed(0)}/s | ${baselineRate.toFixed(0)}/s | ${((100 * gatewayRate) / baselineRate).toFixed(0)} % |`,
    );
    await receiver.stop();
    for (const [i, id] of ids.entries()) await t.call(memberAnalyst(members[i]), 'DELETE', `/webhooks/${id}`);
  }
}

async function main(): Promise<void> {
  const t = await startGatewayApp('bench_gateway', {
    kafka: true,
    env: {
      LOG_LEVEL: 'error',
      DATABASE_POOL_SIZE: '8',
      GATEWAY_SSE_MAX_CONNECTIONS_PER_MEMBER: String(Math.ceil(SSE_CLIENTS / STREAM_MEMBERS)),
      GATEWAY_SSE_HEARTBEAT_MS: '15000',
      GATEWAY_WEBHOOK_CONCURRENCY: '16',
    },
  });
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await latencyAtSteadyRate(t);
    await heldStreams(t);
    await webhookThroughput(t);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
