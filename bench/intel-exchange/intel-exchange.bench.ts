/*
 * intel-exchange benchmark (issue 4, "Performance"); run by `npm run bench`, never by `npm test`.
 *
 * One run, against the real PostgreSQL (a fresh database, dropped at the end) and the shared Kafka broker (the
 * registry's topics, which is what main.ts publishes to; published events are counted as end-offset deltas and
 * match events are recognised by the report ids this run created, so other traffic on the broker cannot be
 * mistaken for ours):
 *   1. seeds BENCH_REPORTS (100,000) earlier reports with bulk SQL, rows as the service would write them;
 *   2. starts the service as a child process: the real main.ts, and a bench entry (service-without-outbox.ts) that
 *      runs the same main.ts with the outbox write left out;
 *   3. ingest: POST /reports at maximum rate, fixed connections, two windows per variant in the order
 *      without-with-with-without (drift of the shared 2-core machine weighs on both alike); the with-outbox rate
 *      counts the reports whose event reached Kafka within the windows (topic end offsets); CPU per report of the
 *      service process and of the database backends is measured too, as it is less sensitive to other load;
 *   4. submit-to-match-event latency at BENCH_LATENCY_RATE (86 reports/s, the rate issue 8 measured it at and judged
 *      the targets against), then at half the with-outbox rate: each probe shares a container with one seeded
 *      report both Members may see, and the clock stops when a kafkajs consumer receives the match event;
 *   5. list/filter latency (GET /reports, every filter, twelve Members and a coordinator, cursor pages), one
 *      request at a time and with several Members at once;
 *   6. resident memory of the service at rest and under load (VmRSS every 200 ms).
 * Prints a table and writes tmp/bench-intel-exchange.json.
 *
 * Knobs (environment): BENCH_REPORTS, BENCH_SEED, BENCH_CONNECTIONS, BENCH_INGEST_S, BENCH_WARMUP_S,
 * BENCH_LATENCY_S, BENCH_LATENCY_RATE, BENCH_LIST_S, BENCH_LIST_CONNECTIONS (comma list, default 1,4), BENCH_KEEP_DB=1 (keep the
 * database for inspection).
 */
import 'reflect-metadata';
import { DevIssuer } from '@wco/auth';
import { loadConfig } from '@wco/config';
import { ensureTopics, Topics } from '@wco/contracts';
import { createTestDatabase, testInfra } from '@wco/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { IntelExchangeConfig } from '../../apps/intel-exchange/src/config/intel-exchange.config';
import { prepareIntelExchangeDatabase } from '../../apps/intel-exchange/src/database/intel-exchange.data-source';
import type { CountryCode } from '../../apps/intel-exchange/src/domain/code-lists';
import type { Kafka } from 'kafkajs';
import { ListQuery, percentiles, Percentiles, PreparedSubmission, runIngest, runLists, runPaced, submit, IngestResult } from './http-load';
import { kafkaClient, MatchWatcher, topicEnd } from './kafka-watch';
import { Rng } from './prng';
import { GeneratedReport, ReportGenerator } from './report-generator';
import { seedDatabase, SeedResult } from './seed-database';
import { cpuDelta, cpuSeconds, cpuSnapshot, REPO_ROOT, ServiceProcess } from './service-process';
import { makeOperations, MEMBER_CODES, OperationSeed } from './world';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
};

const settings = {
  reports: Math.round(num('BENCH_REPORTS', 100_000)),
  seed: Math.round(num('BENCH_SEED', 20_260_104)),
  connections: Math.round(num('BENCH_CONNECTIONS', 16)),
  ingestSeconds: num('BENCH_INGEST_S', 20),
  warmupSeconds: num('BENCH_WARMUP_S', 5),
  restSeconds: 3,
  latencySeconds: num('BENCH_LATENCY_S', 15),
  /** The rate issue 8 measured the match latency at (and set its targets against); the half-capacity rate is measured too. */
  latencyRate: num('BENCH_LATENCY_RATE', 86),
  listSeconds: num('BENCH_LIST_S', 15),
  /** Lists run once per level: one Member at a time (latency without queueing), then several at once. */
  listConnections: (process.env['BENCH_LIST_CONNECTIONS'] ?? '1,4').split(',').map((c) => Math.round(Number(c))),
  keepDatabase: process.env['BENCH_KEEP_DB'] === '1',
};

const TARGETS = { ingestRatio: 0.7, matchP50Ms: 30, matchP99Ms: 100, listP95Ms: 50 };
const MB = 1024 * 1024;

function log(line: string): void {
  process.stdout.write(`[bench intel-exchange] ${line}\n`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Bearer tokens of the development issuer, one per analyst, made once. */
class Tokens {
  private readonly cache = new Map<string, string>();

  constructor(private readonly issuer: DevIssuer) {}

  async analyst(member: string, subject: string): Promise<string> {
    const key = `${member}/${subject}`;
    let token = this.cache.get(key);
    if (!token) {
      token = `Bearer ${await this.issuer.issueToken({ subject, member, roles: ['member-analyst'], expiresIn: '3h' })}`;
      this.cache.set(key, token);
    }
    return token;
  }

  async coordinator(): Promise<string> {
    return `Bearer ${await this.issuer.issueToken({ subject: 'coordinator-wco', member: 'WCO', roles: ['operation-coordinator'], expiresIn: '3h' })}`;
  }
}

async function prepare(tokens: Tokens, reports: GeneratedReport[]): Promise<PreparedSubmission[]> {
  const out: PreparedSubmission[] = [];
  for (const r of reports) out.push({ authorization: await tokens.analyst(r.member, r.subject), body: JSON.stringify(r.submission) });
  return out;
}

function generate(generator: ReportGenerator, count: number): GeneratedReport[] {
  return Array.from({ length: count }, () => generator.next(new Date(), true));
}

/** A few submissions through fetch first: a body the service refuses is reported with its problem+json. */
async function preflight(service: ServiceProcess, bodies: readonly PreparedSubmission[]): Promise<number> {
  let created = 0;
  for (const b of bodies) {
    const outcome = await submit(service.baseUrl, b);
    if (outcome.status !== 201) {
      throw new Error(
        `${service.label}: POST /reports answered ${outcome.status} to a generated body: ${outcome.problem}\nbody: ${b.body.slice(0, 1500)}`,
      );
    }
    created++;
  }
  return created;
}

/** The seeded rows must read back through the API like submitted ones: a few detail reads before the load. */
async function readSeeded(service: ServiceProcess, tokens: Tokens, seed: SeedResult): Promise<void> {
  for (const target of seed.probeTargets.slice(-3)) {
    const res = await fetch(`${service.baseUrl}/reports/${target.reportId}`, {
      headers: { authorization: await tokens.analyst('KE', 'analyst-ke-1') },
    });
    const text = await res.text();
    const body = res.status === 200 ? (JSON.parse(text) as { id: string; conveyance?: { containers?: { number: string }[] } }) : undefined;
    if (!body || body.id !== target.reportId || !body.conveyance?.containers?.some((c) => c.number === target.container)) {
      throw new Error(
        `seeded report ${target.reportId} does not read back through GET /reports/:id (${res.status}): ${text.slice(0, 500)}`,
      );
    }
  }
}

async function count(db: Client, sql: string): Promise<number> {
  const rows = await db.query<{ n: string }>(sql);
  return Number(rows.rows[0].n);
}

type VariantName = 'without outbox' | 'with outbox';

/** One measured stretch of maximum-rate ingest. */
interface IngestWindow {
  variant: VariantName;
  ingest: IngestResult;
  /** CPU the service process (all threads, relay included) used during the window. */
  serviceCpuSeconds: number;
  /** CPU of the PostgreSQL backends serving this database during the window. */
  databaseCpuSeconds: number;
  /** CPU of this process (autocannon) during the window: load that competes with the service on 2 cores. */
  loadGeneratorCpuSeconds: number;
  loadAverage: number;
  /** Records added to the report topic during the window (with the outbox only). */
  reportEvents?: number;
  matchesCreated: number;
}

interface Variant {
  name: VariantName;
  entry: string;
  generator: ReportGenerator;
  windows: IngestWindow[];
  bootSeconds: number[];
  restRssBytes: number[];
  peakRssBytes: number;
  /** Reports accepted over every run of the variant (preflight, warm-up, windows). */
  accepted: number;
}

async function startVariant(variant: Variant, env: Record<string, string>): Promise<ServiceProcess> {
  const service = await ServiceProcess.start({ entry: variant.entry, label: variant.name, env });
  variant.bootSeconds.push(service.bootMs / 1000);
  log(`service ${variant.name} (${variant.entry}) ready in ${(service.bootMs / 1000).toFixed(1)} s, pid ${service.pid}`);
  service.sampler.phase = 'rest';
  await sleep(settings.restSeconds * 1000);
  variant.restRssBytes.push(service.sampler.median('rest'));
  return service;
}

/** Bodies for `seconds` of load: distinct up to 500 reports/s, well above what a 2-core machine reaches. */
async function bodiesFor(variant: Variant, tokens: Tokens, seconds: number): Promise<PreparedSubmission[]> {
  return prepare(tokens, generate(variant.generator, Math.ceil(seconds * 500)));
}

async function warmUp(service: ServiceProcess, variant: Variant, tokens: Tokens, seconds: number): Promise<void> {
  const bodies = await bodiesFor(variant, tokens, seconds);
  service.sampler.phase = 'warmup';
  variant.accepted += await preflight(service, bodies.slice(0, 5));
  const warm = await runIngest(service.baseUrl, bodies.slice(5), settings.connections, seconds);
  variant.accepted += warm.created;
  service.sampler.phase = 'after-warmup';
}

async function databaseBackends(db: Client): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return rows.rows.map((r) => r.pid);
}

async function measureWindow(
  service: ServiceProcess,
  variant: Variant,
  db: Client,
  tokens: Tokens,
  kafka: Kafka | undefined,
  seconds: number,
): Promise<IngestWindow> {
  const bodies = await bodiesFor(variant, tokens, seconds);
  const matchesBefore = await count(db, `SELECT count(*) AS n FROM report_match`);
  const eventsBefore = kafka ? await topicEnd(kafka, Topics.IntelReport) : 0;
  const dbCpuBefore = cpuSnapshot(await databaseBackends(db));
  const serviceCpuBefore = cpuSeconds(service.pid) ?? 0;
  const ownCpuBefore = process.cpuUsage();
  service.sampler.phase = 'ingest';
  const ingest = await runIngest(service.baseUrl, bodies, settings.connections, seconds);
  service.sampler.phase = 'after-ingest';
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const serviceCpuSeconds = (cpuSeconds(service.pid) ?? serviceCpuBefore) - serviceCpuBefore;
  const databaseCpuSeconds = cpuDelta(dbCpuBefore, cpuSnapshot(await databaseBackends(db)));
  const reportEvents = kafka ? (await topicEnd(kafka, Topics.IntelReport)) - eventsBefore : undefined;
  const matchesCreated = (await count(db, `SELECT count(*) AS n FROM report_match`)) - matchesBefore;
  variant.accepted += ingest.created;
  if (ingest.non2xx > 0 || ingest.errors > 0) {
    log(
      `${variant.name}: ${ingest.non2xx} non-2xx answers and ${ingest.errors} errors (status codes ${JSON.stringify(ingest.statusCodes)})`,
    );
  }
  const window: IngestWindow = {
    variant: variant.name,
    ingest,
    serviceCpuSeconds,
    databaseCpuSeconds,
    loadGeneratorCpuSeconds: (ownCpu.user + ownCpu.system) / 1e6,
    loadAverage: loadavg()[0],
    reportEvents,
    matchesCreated,
  };
  log(
    `${variant.name}: ${ingest.perSecond.toFixed(1)} reports/s over ${ingest.seconds} s` +
      `${reportEvents === undefined ? '' : ` (${reportEvents} report events reached Kafka in the window)`}, HTTP p50 ${ingest.latencyP50Ms} ms p99 ${ingest.latencyP99Ms} ms, ` +
      `CPU per report: service ${cpuMsPerReport(window, 'service').toFixed(2)} ms, PostgreSQL ${cpuMsPerReport(window, 'database').toFixed(2)} ms; ` +
      `${matchesCreated} matches created; load generator CPU ${window.loadGeneratorCpuSeconds.toFixed(1)} s; load average ${window.loadAverage.toFixed(2)}`,
  );
  return window;
}

function cpuMsPerReport(w: IngestWindow, which: 'service' | 'database'): number {
  return ((which === 'service' ? w.serviceCpuSeconds : w.databaseCpuSeconds) * 1000) / Math.max(1, w.ingest.created);
}

interface VariantSummary {
  /** HTTP 201s per second over every window. */
  perSecond: number;
  /** Reports whose event reached Kafka within the windows, per second (with the outbox). */
  endToEndPerSecond?: number;
  serviceCpuMsPerReport: number;
  databaseCpuMsPerReport: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  matchesCreated: number;
  windows: number[];
}

function summarise(v: Variant): VariantSummary {
  const created = v.windows.reduce((a, w) => a + w.ingest.created, 0);
  const seconds = v.windows.reduce((a, w) => a + w.ingest.seconds, 0);
  const events = v.windows.every((w) => w.reportEvents !== undefined)
    ? v.windows.reduce((a, w) => a + (w.reportEvents ?? 0), 0)
    : undefined;
  return {
    perSecond: created / seconds,
    // Capped by the reports accepted: other clients of the shared broker's topic must not count as ours.
    ...(events === undefined ? {} : { endToEndPerSecond: Math.min(events, created) / seconds }),
    serviceCpuMsPerReport: (v.windows.reduce((a, w) => a + w.serviceCpuSeconds, 0) * 1000) / created,
    databaseCpuMsPerReport: (v.windows.reduce((a, w) => a + w.databaseCpuSeconds, 0) * 1000) / created,
    latencyP50Ms: v.windows.reduce((a, w) => a + w.ingest.latencyP50Ms, 0) / v.windows.length,
    latencyP99Ms: Math.max(...v.windows.map((w) => w.ingest.latencyP99Ms)),
    non2xx: v.windows.reduce((a, w) => a + w.ingest.non2xx, 0),
    errors: v.windows.reduce((a, w) => a + w.ingest.errors, 0),
    matchesCreated: v.windows.reduce((a, w) => a + w.matchesCreated, 0),
    windows: v.windows.map((w) => Math.round(w.ingest.perSecond * 10) / 10),
  };
}

async function waitForOutboxDrain(db: Client, timeoutMs: number): Promise<{ seconds: number; left: number }> {
  const started = performance.now();
  for (;;) {
    const left = await count(db, `SELECT count(*) AS n FROM outbox`);
    if (left === 0 || performance.now() - started > timeoutMs) return { seconds: (performance.now() - started) / 1000, left };
    await sleep(250);
  }
}

interface ListRun {
  connections: number;
  overall: Percentiles;
  perSecond: number;
  perFilter: (Percentiles & { label: string })[];
  itemsPerPage: number;
  failures: number;
}

interface LatencyRun {
  offeredPerSecond: number;
  submitted: number;
  created: number;
  withMatchEvent: number;
  missing: number;
  matchLatency: Percentiles;
  httpLatency: Percentiles;
}

async function latencyPhase(
  service: ServiceProcess,
  tokens: Tokens,
  generator: ReportGenerator,
  seed: SeedResult,
  watcher: MatchWatcher,
  rate: number,
): Promise<LatencyRun> {
  const total = Math.max(1, Math.round(rate * settings.latencySeconds));
  if (seed.probeTargets.length < total)
    throw new Error(`only ${seed.probeTargets.length} probe targets for ${total} probes; seed more reports`);
  const probes = await prepare(
    tokens,
    seed.probeTargets.slice(0, total).map((t) => generator.probe(new Date(), t.container)),
  );
  let k = 0;
  service.sampler.phase = 'latency';
  const outcomes = await runPaced(service.baseUrl, rate, settings.latencySeconds, () => probes[k++]);
  const created = outcomes.filter((o) => o.status === 201 && o.id);
  const deadline = performance.now() + 15_000;
  while (created.some((o) => !watcher.firstArrival.has(o.id!)) && performance.now() < deadline) await sleep(100);
  service.sampler.phase = 'after-latency';
  const failures = outcomes.filter((o) => o.status !== 201);
  if (failures.length) log(`latency: ${failures.length} probes refused, first: ${failures[0].status} ${failures[0].problem}`);
  const arrived = created.filter((o) => watcher.firstArrival.has(o.id!));
  const latencies = arrived.map((o) => watcher.firstArrival.get(o.id!)!.at - o.startedAt);
  // Where the time goes: the event's time (the record timestamp, taken inside the business transaction, so before
  // the HTTP answer) -> the consumer's receipt; the second part is commit + relay + Kafka.
  const answerToSend = percentiles(arrived.map((o) => watcher.firstArrival.get(o.id!)!.producedAt - o.answeredAt));
  const sendToReceipt = percentiles(arrived.map((o) => watcher.firstArrival.get(o.id!)!.at - watcher.firstArrival.get(o.id!)!.producedAt));
  log(
    `latency breakdown: HTTP answer -> event time p50 ${answerToSend.p50.toFixed(1)} p99 ${answerToSend.p99.toFixed(1)} ms; ` +
      `event time -> consumer (commit, relay, Kafka) p50 ${sendToReceipt.p50.toFixed(1)} p99 ${sendToReceipt.p99.toFixed(1)} ms`,
  );
  return {
    offeredPerSecond: rate,
    submitted: outcomes.length,
    created: created.length,
    withMatchEvent: latencies.length,
    missing: created.length - latencies.length,
    matchLatency: percentiles(latencies),
    httpLatency: percentiles(created.map((o) => o.answeredAt - o.startedAt)),
  };
}

function listQueries(tokens: Tokens, operations: readonly OperationSeed[], rng: Rng): Promise<ListQuery[]> {
  const now = Date.now();
  const day = 86_400_000;
  const iso = (t: number): string => new Date(t).toISOString();
  const filters: [string, (member: CountryCode) => string | undefined][] = [
    ['no filter', () => ''],
    [
      'operation',
      (m) => {
        const op = operations.find((o) => o.state === 'active' && o.participants.includes(m));
        return op ? `operationId=${op.id}` : undefined;
      },
    ],
    ['type', () => `type=${rng.pick(['seizure', 'suspicious_consignment', 'risk_indicator', 'alert'])}`],
    ['commodity', () => `commodity=${rng.pick(['drugs', 'tobacco', 'ipr', 'wildlife_cites', 'weapons', 'cultural_goods'])}`],
    ['HS chapter', () => `hsChapter=${rng.pick(['29', '24', '64', '93', '97', '30'])}`],
    ['HS heading', () => `hsHeading=${rng.pick(['2939', '2402', '9302', '0507', '3004'])}`],
    ['date range', () => `detectedFrom=${iso(now - 120 * day)}&detectedTo=${iso(now - 60 * day)}`],
    ['route country', () => `routeCountry=${rng.pick(['PA', 'EC', 'AE', 'CN', 'MA', 'JP'])}`],
    ['concealment', () => `concealment=${rng.pick(['rip_on_rip_off', 'luggage_false_bottom', 'fuel_tank'])}`],
    ['detection', () => `detection=${rng.pick(['sniffer_dog', 'tip_off', 'x_ray'])}`],
    ['combined', () => `commodity=drugs&routeCountry=${rng.pick(['EC', 'CO', 'PA'])}&detectedFrom=${iso(now - 365 * day)}`],
    ['rare combination', () => `commodity=cultural_goods&routeCountry=${rng.pick(['JP', 'CL', 'SN'])}&type=alert`],
    ['page of 100', () => `limit=100&commodity=${rng.pick(['drugs', 'tobacco'])}`],
  ];
  const members = rng.sample(MEMBER_CODES, 12);
  return (async () => {
    const out: ListQuery[] = [];
    for (const member of members) {
      const authorization = await tokens.analyst(member, `analyst-${member.toLowerCase()}-1`);
      for (const [label, make] of filters) {
        const q = make(member);
        if (q === undefined) continue;
        out.push({ label, path: `/reports${q ? `?${q}` : ''}`, authorization });
      }
    }
    const coordinator = await tokens.coordinator();
    for (const op of operations.filter((o) => o.coordinatorMember === 'WCO' && o.state === 'active')) {
      out.push({ label: 'coordinator: operation', path: `/reports?operationId=${op.id}`, authorization: coordinator });
    }
    return rng.sample(out, out.length);
  })();
}

/** Adds "next page" queries from the first pages (cursor pagination), checking on the way that every query answers. */
async function withNextPages(baseUrl: string, queries: ListQuery[]): Promise<ListQuery[]> {
  const out = [...queries];
  for (const q of queries) {
    const res = await fetch(`${baseUrl}${q.path}`, { headers: { authorization: q.authorization } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${q.path} answered ${res.status}: ${text.slice(0, 500)}`);
    const page = JSON.parse(text) as { nextCursor: string | null };
    if (page.nextCursor && q.label !== 'page of 100') {
      out.push({
        label: 'next page',
        path: `${q.path}${q.path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(page.nextCursor)}`,
        authorization: q.authorization,
      });
    }
  }
  return out;
}

const fmtMs = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const fmtMb = (v: number): string => `${(v / MB).toFixed(0)} MB`;

function printTable(rows: [string, string, string, string][]): void {
  const header: [string, string, string, string] = ['metric', 'value', 'baseline', 'ratio / target'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n\n`);
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const infra = testInfra();
  log(
    `settings ${JSON.stringify(settings)}; PostgreSQL ${new URL(infra.databaseUrl).host}, Kafka ${infra.kafkaBrokers.join(',')}; ` +
      `${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  await ensureTopics(infra.kafkaBrokers);
  const kafka = kafkaClient(infra.kafkaBrokers);
  const db = await createTestDatabase('bench_intel');
  const services: ServiceProcess[] = [];
  let monitor: Client | undefined;
  let watcher: MatchWatcher | undefined;
  const stopAll = async (): Promise<void> => {
    for (const s of services) await s.stop().catch(() => undefined);
  };
  const onSignal = (): void => {
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const serviceEnv: Record<string, string> = {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      AUTH_DEV_ISSUER: 'true',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
      OTEL_METRICS_EXPORTER: 'none',
    };
    const config = loadConfig(IntelExchangeConfig, serviceEnv);

    // 1. Schema from the service's own migration list, then the earlier reports.
    const dataSource = await prepareIntelExchangeDatabase(config, { log: () => undefined });
    await dataSource.destroy();
    const now = new Date();
    const operations = makeOperations(new Rng(settings.seed), now);
    log(`seeding ${settings.reports} reports into ${db.name} (ubiquity threshold ${config.CORRELATION_UBIQUITY_THRESHOLD})`);
    const seed = await seedDatabase({
      databaseUrl: db.url,
      reports: settings.reports,
      seed: settings.seed,
      operations,
      ubiquityThreshold: config.CORRELATION_UBIQUITY_THRESHOLD,
      now,
      log,
    });
    log(
      `seeded in ${seed.seconds.toFixed(1)} s: ${seed.reports} reports, ${seed.indicators} indicators (${seed.distinctIndicators} distinct, ` +
        `${seed.ubiquitousIndicators} ubiquitous: ${JSON.stringify(seed.ubiquitousByKind)}), ${seed.matches} matches, ${seed.personalDataSections} personal-data sections, ${fmtMb(seed.databaseBytes)} on disk`,
    );
    monitor = new Client({ connectionString: db.url, application_name: 'intel-exchange-bench-monitor' });
    await monitor.connect();
    const tokens = new Tokens(await DevIssuer.load());

    // 2-3. The same load against the service without, then with, the outbox write, in the order
    // without-with-with-without so that drift (the database growing, other work on the shared machine) weighs on
    // both alike. Each variant gets fresh bodies drawn from the same distribution: replaying one variant's bodies
    // would make the other match them.
    const half = settings.ingestSeconds / 2;
    const without: Variant = {
      name: 'without outbox',
      entry: 'bench/intel-exchange/service-without-outbox.ts',
      generator: new ReportGenerator({ seed: settings.seed + 1, stream: 1, operations }),
      windows: [],
      bootSeconds: [],
      restRssBytes: [],
      peakRssBytes: 0,
      accepted: 0,
    };
    const withOutbox: Variant = {
      name: 'with outbox',
      entry: 'apps/intel-exchange/src/main.ts',
      generator: new ReportGenerator({ seed: settings.seed + 2, stream: 2, operations }),
      windows: [],
      bootSeconds: [],
      restRssBytes: [],
      peakRssBytes: 0,
      accepted: 0,
    };

    let baselineService = await startVariant(without, serviceEnv);
    services.push(baselineService);
    await warmUp(baselineService, without, tokens, settings.warmupSeconds);
    without.windows.push(await measureWindow(baselineService, without, monitor, tokens, undefined, half));
    without.peakRssBytes = Math.max(without.peakRssBytes, baselineService.sampler.peak(['warmup', 'ingest']));
    await baselineService.stop();
    const outboxRowsWithoutOutbox = await count(monitor, `SELECT count(*) AS n FROM outbox`);

    const service = await startVariant(withOutbox, serviceEnv);
    services.push(service);
    await readSeeded(service, tokens, seed);
    const reportTopicBefore = await topicEnd(kafka, Topics.IntelReport);
    const matchTopicBefore = await topicEnd(kafka, Topics.IntelMatch);
    await warmUp(service, withOutbox, tokens, settings.warmupSeconds);
    withOutbox.windows.push(await measureWindow(service, withOutbox, monitor, tokens, kafka, half));
    withOutbox.windows.push(await measureWindow(service, withOutbox, monitor, tokens, kafka, half));
    const backlog = await count(monitor, `SELECT count(*) AS n FROM outbox`);
    service.sampler.phase = 'drain';
    const drain = await waitForOutboxDrain(monitor, 120_000);
    const reportEvents = (await topicEnd(kafka, Topics.IntelReport)) - reportTopicBefore;
    const matchEvents = (await topicEnd(kafka, Topics.IntelMatch)) - matchTopicBefore;
    log(
      `Kafka: ${reportEvents} events on ${Topics.IntelReport} for ${withOutbox.accepted} accepted reports, ${matchEvents} on ${Topics.IntelMatch}; ` +
        `outbox backlog at end of load ${backlog} rows, drained in ${drain.seconds.toFixed(1)} s (${drain.left} left)`,
    );
    const real = summarise(withOutbox);
    // Which indicators made the matches of the new reports (a match can rest on several kinds).
    const matchKinds = await monitor.query<{ kind: string; n: string }>(
      `SELECT k AS kind, count(*)::text AS n FROM report_match, unnest(indicator_kinds) k WHERE created_at > $1 GROUP BY k ORDER BY count(*) DESC`,
      [now.toISOString()],
    );
    const matchesByKind = Object.fromEntries(matchKinds.rows.map((r) => [r.kind, Number(r.n)]));
    log(`matches of new reports by indicator kind: ${JSON.stringify(matchesByKind)}`);
    const endToEndPerSecond = real.endToEndPerSecond ?? 0;

    // 4. Match latency at the rate issue 8 measured it at (the targets are judged there), then at half the maximum
    //    rate of the real pipeline (how it grows with the load).
    watcher = new MatchWatcher(kafka, Topics.IntelMatch);
    await watcher.start();
    const latencies: { rate: number; latency: Awaited<ReturnType<typeof latencyPhase>> }[] = [];
    for (const [i, rate] of [settings.latencyRate, Math.max(1, endToEndPerSecond / 2)].entries()) {
      const latency = await latencyPhase(
        service,
        tokens,
        new ReportGenerator({ seed: settings.seed + 3 + i * 10, stream: 3 + i * 10, operations }),
        seed,
        watcher,
        rate,
      );
      latencies.push({ rate, latency });
      log(
        `match latency at ${rate.toFixed(1)} reports/s: ${latency.withMatchEvent}/${latency.created} probes matched, p50 ${fmtMs(latency.matchLatency.p50)}, ` +
          `p95 ${fmtMs(latency.matchLatency.p95)}, p99 ${fmtMs(latency.matchLatency.p99)} (HTTP answer p50 ${fmtMs(latency.httpLatency.p50)}, ` +
          `p95 ${fmtMs(latency.httpLatency.p95)}, p99 ${fmtMs(latency.httpLatency.p99)}); load average ${loadavg()[0].toFixed(2)}`,
      );
      await waitForOutboxDrain(monitor, 60_000);
    }
    const [{ rate, latency }, halfCapacity] = latencies;
    await watcher.stop();
    watcher = undefined;
    await waitForOutboxDrain(monitor, 60_000);

    // 5. Lists as different Members and a coordinator, every filter the API has.
    const queries = await withNextPages(service.baseUrl, await listQueries(tokens, operations, new Rng(settings.seed + 4)));
    const listRuns: ListRun[] = [];
    for (const connections of settings.listConnections) {
      if (!Number.isInteger(connections) || connections < 1) throw new Error(`BENCH_LIST_CONNECTIONS must list positive integers`);
      service.sampler.phase = 'list';
      const lists = await runLists(service.baseUrl, queries, connections, settings.listSeconds);
      service.sampler.phase = 'after-list';
      const run: ListRun = {
        connections,
        overall: percentiles(lists.latencies),
        perSecond: lists.latencies.length / settings.listSeconds,
        perFilter: [...lists.byLabel.entries()].map(([label, values]) => ({ label, ...percentiles(values) })).sort((a, b) => b.p95 - a.p95),
        itemsPerPage: lists.items.reduce((a, b) => a + b, 0) / Math.max(1, lists.items.length),
        failures: lists.failures.length,
      };
      listRuns.push(run);
      log(
        `lists with ${connections} connection(s): ${run.overall.count} requests (${run.failures} failed, ${run.perSecond.toFixed(1)}/s), ` +
          `p50 ${fmtMs(run.overall.p50)}, p95 ${fmtMs(run.overall.p95)}, p99 ${fmtMs(run.overall.p99)}, ${run.itemsPerPage.toFixed(1)} items/page; ` +
          `load average ${loadavg()[0].toFixed(2)}`,
      );
      for (const f of run.perFilter)
        log(
          `  ${f.label.padEnd(24)} n=${String(f.count).padStart(4)} p50 ${fmtMs(f.p50).padStart(9)} p95 ${fmtMs(f.p95).padStart(9)} max ${fmtMs(f.max).padStart(9)}`,
        );
      if (lists.failures.length) log(`first list failure: ${JSON.stringify(lists.failures[0])}`);
    }

    const peakUnderLoad = service.sampler.peak(['warmup', 'ingest', 'drain', 'latency', 'list']);
    withOutbox.peakRssBytes = peakUnderLoad;
    await service.stop();

    baselineService = await startVariant(without, serviceEnv);
    services.push(baselineService);
    await warmUp(baselineService, without, tokens, settings.warmupSeconds);
    without.windows.push(await measureWindow(baselineService, without, monitor, tokens, undefined, half));
    without.peakRssBytes = Math.max(without.peakRssBytes, baselineService.sampler.peak(['warmup', 'ingest']));
    await baselineService.stop();
    const baseline = summarise(without);

    const ratio = endToEndPerSecond / baseline.perSecond;
    const cpuRatio =
      (baseline.serviceCpuMsPerReport + baseline.databaseCpuMsPerReport) / (real.serviceCpuMsPerReport + real.databaseCpuMsPerReport);
    const status = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    const rate2 = (v: number): string => `${v.toFixed(1)} reports/s`;
    const rows: [string, string, string, string][] = [
      ['seeded reports', `${seed.reports}`, '', `${seed.indicators} indicators, ${seed.matches} matches`],
      ['seeding time', `${seed.seconds.toFixed(1)} s`, '', `target ~300 s: ${status(seed.seconds <= 300)}`],
      ['database size after seeding', fmtMb(seed.databaseBytes), '', ''],
      [
        'ingest (HTTP -> DB -> outbox -> Kafka)',
        rate2(endToEndPerSecond),
        `${rate2(baseline.perSecond)} (outbox write left out)`,
        `${(ratio * 100).toFixed(1)}% (target >= 70%: ${status(ratio >= TARGETS.ingestRatio)})`,
      ],
      ['ingest, HTTP 201s per window', real.windows.join(' / '), baseline.windows.join(' / '), 'order: without, with, with, without'],
      [
        'CPU per report: service + PostgreSQL',
        `${real.serviceCpuMsPerReport.toFixed(2)} + ${real.databaseCpuMsPerReport.toFixed(2)} ms`,
        `${baseline.serviceCpuMsPerReport.toFixed(2)} + ${baseline.databaseCpuMsPerReport.toFixed(2)} ms`,
        `${(cpuRatio * 100).toFixed(1)}% (rate the CPU cost allows)`,
      ],
      [
        'ingest HTTP latency p50 / p99',
        `${real.latencyP50Ms.toFixed(0)} / ${real.latencyP99Ms} ms`,
        `${baseline.latencyP50Ms.toFixed(0)} / ${baseline.latencyP99Ms} ms`,
        `${settings.connections} connections`,
      ],
      ['ingest non-2xx / errors', `${real.non2xx} / ${real.errors}`, `${baseline.non2xx} / ${baseline.errors}`, 'expected 0 / 0'],
      ['matches created during ingest windows', `${real.matchesCreated}`, `${baseline.matchesCreated}`, ''],
      [
        'report events on Kafka / accepted reports',
        `${reportEvents} / ${withOutbox.accepted}`,
        `outbox rows written: ${outboxRowsWithoutOutbox}`,
        reportEvents >= withOutbox.accepted ? 'all published' : 'NOT all published',
      ],
      ['match events on Kafka (with-outbox run)', `${matchEvents}`, '', ''],
      [
        'outbox backlog after load / drain time',
        `${backlog} rows / ${drain.seconds.toFixed(1)} s`,
        '',
        drain.left === 0 ? 'drained' : `${drain.left} rows left`,
      ],
      [
        `match latency p50 (at ${rate.toFixed(1)}/s)`,
        fmtMs(latency.matchLatency.p50),
        '',
        `target <= ${TARGETS.matchP50Ms} ms: ${status(latency.matchLatency.p50 <= TARGETS.matchP50Ms)}`,
      ],
      ['match latency p95', fmtMs(latency.matchLatency.p95), '', ''],
      [
        'match latency p99',
        fmtMs(latency.matchLatency.p99),
        '',
        `target <= ${TARGETS.matchP99Ms} ms: ${status(latency.matchLatency.p99 <= TARGETS.matchP99Ms)}`,
      ],
      [
        'probes matched / accepted',
        `${latency.withMatchEvent} / ${latency.created}`,
        '',
        latency.missing === 0 ? 'all matched' : `${latency.missing} without event`,
      ],
      [
        `match latency p50 / p95 / p99 at half capacity (${halfCapacity.rate.toFixed(1)}/s)`,
        `${fmtMs(halfCapacity.latency.matchLatency.p50)} / ${fmtMs(halfCapacity.latency.matchLatency.p95)} / ${fmtMs(halfCapacity.latency.matchLatency.p99)}`,
        '',
        `${halfCapacity.latency.withMatchEvent} / ${halfCapacity.latency.created} matched; HTTP answer p50 ${fmtMs(halfCapacity.latency.httpLatency.p50)}`,
      ],
      ...listRuns.flatMap((l): [string, string, string, string][] => [
        [
          `list/filter p50 (${l.connections} conn.)`,
          fmtMs(l.overall.p50),
          '',
          `${l.overall.count} requests, ${l.perFilter.length} query kinds`,
        ],
        [
          `list/filter p95 (${l.connections} conn.)`,
          fmtMs(l.overall.p95),
          '',
          `target <= ${TARGETS.listP95Ms} ms: ${status(l.overall.p95 <= TARGETS.listP95Ms)}`,
        ],
        [`list/filter p99 (${l.connections} conn.)`, fmtMs(l.overall.p99), '', `${l.perSecond.toFixed(1)} lists/s`],
      ]),
      ['RSS at rest', fmtMb(withOutbox.restRssBytes[0]), fmtMb(Math.max(...without.restRssBytes)), 'after seeding, before load'],
      ['RSS peak under load', fmtMb(peakUnderLoad), fmtMb(without.peakRssBytes), 'sampled every 200 ms'],
    ];
    printTable(rows);

    const result = {
      generatedAt: new Date().toISOString(),
      settings,
      machine: { cpus: cpus().length, node: process.version },
      topics: {
        reports: Topics.IntelReport,
        matches: Topics.IntelMatch,
        note: 'registry topics (what main.ts publishes to); counts are end-offset deltas',
      },
      seed: { ...seed, probeTargets: seed.probeTargets.length },
      ingest: {
        withOutbox: { ...real, bootSeconds: withOutbox.bootSeconds, windows: withOutbox.windows },
        withoutOutbox: { ...baseline, bootSeconds: without.bootSeconds, windows: without.windows },
        ratio,
        cpuRatio,
        kafka: {
          reportEvents,
          matchEvents,
          acceptedReports: withOutbox.accepted,
          backlogAfterLoad: backlog,
          drainSeconds: drain.seconds,
          left: drain.left,
        },
        outboxRowsWrittenWithoutOutbox: outboxRowsWithoutOutbox,
        matchesByKindSinceSeeding: matchesByKind,
      },
      matchLatency: latency,
      matchLatencyHalfCapacity: { rate: halfCapacity.rate, ...halfCapacity.latency },
      list: listRuns,
      rss: {
        restBytes: withOutbox.restRssBytes[0],
        peakUnderLoadBytes: peakUnderLoad,
        withoutOutboxRestBytes: without.restRssBytes,
        withoutOutboxPeakBytes: without.peakRssBytes,
      },
      loadAverageAtEnd: loadavg(),
      targets: TARGETS,
      totalSeconds: (performance.now() - runStarted) / 1000,
    };
    const file = join(REPO_ROOT, 'tmp', 'bench-intel-exchange.json');
    mkdirSync(join(REPO_ROOT, 'tmp'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`results written to ${file}; total ${(result.totalSeconds / 60).toFixed(1)} min`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await watcher?.stop().catch(() => undefined);
    await stopAll();
    await monitor?.end().catch(() => undefined);
    if (settings.keepDatabase) log(`kept database ${db.name}`);
    else await db.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench intel-exchange] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
