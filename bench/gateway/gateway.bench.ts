/*
 * Gateway overhead: the same GET sent directly to a service and through the gateway, in one run, against the same
 * service process. Both run as their own processes (as `npm start` runs them) on the same machine as the load
 * generator, so the gateway's CPU competes with the service's: on the 2-core machine this is the pessimistic case.
 * Three routes:
 *   - a public probe (/health/live, no database): the proxy's own cost shows most;
 *   - an authenticated list that comes back empty (GET /operations with a bearer token the gateway and the service
 *     both verify, one query): the cheapest authenticated request, the floor of the ratio;
 *   - a coordinator's operation list (20 operations with their participants, ~7 KB): a page a user actually reads.
 * Three loads per route:
 *   - 16 connections as fast as they go: throughput (the ratio) and latency under saturation, where the gateway's
 *     queueing for the CPU it shares with the service shows in p99;
 *   - a fixed rate of half the throughput through the gateway (16 connections, open loop): the latency the gateway
 *     adds at a steady load the machine carries either way;
 *   - one connection: the latency a request gains through the gateway, without queueing.
 * Phases alternate direct / gateway twice, so drift of the machine hits both sides.
 *
 *   npm run bench   (or: node --require @swc-node/register bench/gateway/gateway.bench.ts)
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DevIssuer } from '@wco/auth';
import { createTestDatabase, testInfra } from '@wco/testing';
import { cpuSeconds, REPO_ROOT, ServiceProcess } from '../intel-exchange/service-process';
import { measureLatency } from './open-loop';

const SECONDS = Number(process.env['GATEWAY_BENCH_SECONDS'] ?? 6);
const CONNECTIONS = Number(process.env['GATEWAY_BENCH_CONNECTIONS'] ?? 16);
/** Operations of the coordinator whose list is the third route. */
const OPERATIONS = Number(process.env['GATEWAY_BENCH_OPERATIONS'] ?? 20);

type Load = 'saturated' | 'steady' | 'single';
/** autocannon's latencies are whole milliseconds; measureLatency's are exact. */
const ms = (value: number, load: Load): string => value.toFixed(load === 'saturated' ? 1 : 2);
const LOADS: readonly Load[] = ['saturated', 'steady', 'single'];
const LOAD_LABEL: Record<Load, string> = {
  saturated: `${CONNECTIONS} connections, as fast as they go`,
  steady: `${CONNECTIONS} connections at half the gateway's throughput`,
  single: '1 connection',
};

interface Phase {
  route: string;
  load: Load;
  side: 'direct' | 'gateway';
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time per request of the service and of the gateway process (microseconds). */
  serviceCpuUs: number;
  gatewayCpuUs: number;
}

async function load(
  url: string,
  path: string,
  headers: Record<string, string>,
  pids: { service: number; gateway: number },
  /** saturated: autocannon (throughput; latency in whole milliseconds); the others: measureLatency (microseconds). */
  kind: Load = 'saturated',
  /** Requests per second over all connections (open loop, see measureLatency); as fast as they go without. */
  rate?: number,
): Promise<Omit<Phase, 'route' | 'side' | 'load'>> {
  const connections = kind === 'single' ? 1 : CONNECTIONS;
  const cpu0 = { service: cpuSeconds(pids.service) ?? 0, gateway: cpuSeconds(pids.gateway) ?? 0 };
  let run: { rps: number; p50: number; p99: number; requests: number; non2xx: number; errors: number };
  if (kind !== 'saturated') {
    run = await measureLatency({ origin: url, path, headers, seconds: SECONDS, connections, rate });
  } else {
    const result = await autocannon({ url, connections, duration: SECONDS, timeout: 10, requests: [{ method: 'GET', path, headers }] });
    run = {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    };
  }
  const total = Math.max(1, run.requests);
  const perRequest = (pid: number, before: number): number => (((cpuSeconds(pid) ?? before) - before) / total) * 1e6;
  return {
    rps: run.rps,
    p50: run.p50,
    p99: run.p99,
    non2xx: run.non2xx,
    errors: run.errors,
    serviceCpuUs: perRequest(pids.service, cpu0.service),
    gatewayCpuUs: perRequest(pids.gateway, cpu0.gateway),
  };
}

async function main(): Promise<void> {
  const infra = testInfra();
  const [serviceDb, gatewayDb] = await Promise.all([createTestDatabase('bench_gw_intel'), createTestDatabase('bench_gw')]);
  const common = {
    NODE_ENV: 'test',
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    OTEL_METRICS_EXPORTER: 'none',
  };
  let service: ServiceProcess | undefined;
  let gateway: ServiceProcess | undefined;
  try {
    service = await ServiceProcess.start({
      entry: 'apps/intel-exchange/src/main.ts',
      label: 'intel-exchange',
      env: { ...common, SERVICE_NAME: 'intel-exchange', DATABASE_NAME: serviceDb.name },
    });
    gateway = await ServiceProcess.start({
      entry: 'apps/gateway/src/main.ts',
      label: 'gateway',
      env: {
        ...common,
        SERVICE_NAME: 'gateway',
        DATABASE_NAME: gatewayDb.name,
        GATEWAY_UPSTREAM_INTEL: service.baseUrl,
        GATEWAY_RATE_LIMIT_MAX: '1000000',
      },
    });
    const issuer = await DevIssuer.load();
    // A coordinator of the WCO Secretariat with OPERATIONS operations, and an analyst of a Member in none of them.
    const coordinator = await issuer.issueToken({
      subject: 'bench-coordinator',
      member: 'WCO',
      roles: ['operation-coordinator'],
      expiresIn: '2h',
    });
    const outsider = await issuer.issueToken({ subject: 'bench-analyst', member: 'JP', roles: ['member-analyst'], expiresIn: '2h' });
    const pageBytes = await seedOperations(service.baseUrl, coordinator);
    const routes: { route: string; path: string; headers: Record<string, string> }[] = [
      { route: 'GET /health/live (public, no database)', path: '/health/live', headers: {} },
      {
        route: 'GET /operations, empty list (bearer verified twice, one query)',
        path: '/operations',
        headers: { authorization: `Bearer ${outsider}` },
      },
      {
        route: `GET /operations, a coordinator's ${OPERATIONS} operations (${(pageBytes / 1024).toFixed(1)} KB)`,
        path: '/operations',
        headers: { authorization: `Bearer ${coordinator}` },
      },
    ];
    const pids = { service: service.pid, gateway: gateway.pid };
    // Warm both paths (JIT, connection pools) before measuring.
    for (const r of routes) {
      await load(service.baseUrl, r.path, r.headers, pids);
      await load(gateway.baseUrl, `/api/intel${r.path}`, r.headers, pids);
    }
    const phases: Phase[] = [];
    /** The mean of every figure over the rounds of one route, load and side. */
    const meanOf = (route: string, kind: Load, side: Phase['side']): Omit<Phase, 'route' | 'side' | 'load'> => {
      const of = phases.filter((p) => p.route === route && p.side === side && p.load === kind);
      const mean = (f: (p: Phase) => number): number => of.reduce((a, p) => a + f(p), 0) / of.length;
      return {
        rps: mean((p) => p.rps),
        p50: mean((p) => p.p50),
        p99: mean((p) => p.p99),
        non2xx: mean((p) => p.non2xx),
        errors: mean((p) => p.errors),
        serviceCpuUs: mean((p) => p.serviceCpuUs),
        gatewayCpuUs: mean((p) => p.gatewayCpuUs),
      };
    };
    const measure = async (r: (typeof routes)[number], kind: Load, rate?: number): Promise<void> => {
      for (let round = 0; round < 2; round++) {
        for (const [side, base, path] of [
          ['direct', service!.baseUrl, r.path],
          ['gateway', gateway!.baseUrl, `/api/intel${r.path}`],
        ] as const) {
          phases.push({ route: r.route, load: kind, side, ...(await load(base, path, r.headers, pids, kind, rate)) });
        }
      }
    };
    for (const r of routes) {
      await measure(r, 'saturated');
      // Half of what the slower side carried when saturated: a load both sides carry, so that latency is not queueing.
      const carried = Math.min(meanOf(r.route, 'saturated', 'direct').rps, meanOf(r.route, 'saturated', 'gateway').rps);
      await measure(r, 'steady', Math.round(carried / 2));
      await measure(r, 'single');
    }
    const summary = routes
      .flatMap(({ route }) => LOADS.map((load) => ({ route, load })))
      .map(({ route, load }) => {
        const direct = meanOf(route, load, 'direct');
        const through = meanOf(route, load, 'gateway');
        return {
          route,
          load,
          direct,
          gateway: through,
          throughputRatio: through.rps / direct.rps,
          addedP50Ms: through.p50 - direct.p50,
          addedP99Ms: through.p99 - direct.p99,
        };
      });
    console.log(
      `\ngateway overhead (${SECONDS} s per phase, 2 rounds each, all processes on this machine; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
    console.log(
      '| route | load | direct req/s | gateway req/s | ratio (target >= 0.70 when saturated) | p50 direct / gateway (ms) | p99 direct / gateway (ms) | p99 added (target <= 5 ms) | CPU per request: service / gateway (µs) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const s of summary) {
      console.log(
        `| ${s.route} | ${LOAD_LABEL[s.load]} | ${s.direct.rps.toFixed(0)} | ${s.gateway.rps.toFixed(0)} | ${s.throughputRatio.toFixed(2)} | ${ms(s.direct.p50, s.load)} / ${ms(s.gateway.p50, s.load)} | ${ms(s.direct.p99, s.load)} / ${ms(s.gateway.p99, s.load)} | ${ms(s.addedP99Ms, s.load)} | ${s.gateway.serviceCpuUs.toFixed(0)} / ${s.gateway.gatewayCpuUs.toFixed(0)} |`,
      );
      if (s.direct.non2xx + s.gateway.non2xx + s.direct.errors + s.gateway.errors > 0) {
        console.log(
          `  (non-2xx or errors per phase: direct ${s.direct.non2xx}/${s.direct.errors}, gateway ${s.gateway.non2xx}/${s.gateway.errors})`,
        );
      }
    }
    mkdirSync(join(REPO_ROOT, 'tmp'), { recursive: true });
    writeFileSync(
      join(REPO_ROOT, 'tmp', 'gateway-bench.json'),
      `${JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, operations: OPERATIONS, pageBytes, summary, phases }, null, 2)}\n`,
    );
  } finally {
    await gateway?.stop();
    await service?.stop();
    await Promise.all([serviceDb.drop(), gatewayDb.drop()]);
  }
}

/** Creates OPERATIONS operations as the coordinator (through the service's API) and returns the size of its list. */
async function seedOperations(serviceUrl: string, token: string): Promise<number> {
  const headers = { authorization: `Bearer ${token}` };
  for (let i = 0; i < OPERATIONS; i++) {
    const res = await fetch(`${serviceUrl}/operations`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Operation ${i + 1} (bench)`,
        commodityFocus: ['drugs', 'tobacco'],
        startsOn: '2026-03-01',
        endsOn: '2026-04-30',
        participants: ['FR', 'DE', 'KE', 'BR', 'CN'],
      }),
    });
    if (res.status !== 201) throw new Error(`seeding operation ${i + 1}: ${res.status} ${await res.text()}`);
  }
  const list = await fetch(`${serviceUrl}/operations`, { headers });
  const body = await list.text();
  const count = (JSON.parse(body) as unknown[]).length;
  if (count !== OPERATIONS) throw new Error(`the coordinator's list has ${count} operations, not ${OPERATIONS}`);
  return Buffer.byteLength(body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
