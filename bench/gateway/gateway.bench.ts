/*
 * Gateway overhead: the same GET sent directly to a service and through the gateway, in one run, against the same
 * service process. Both run as their own processes (as `npm start` runs them) on the same machine as the load
 * generator, so the gateway's CPU competes with the service's: on the 2-core machine this is the pessimistic case.
 * Two routes: a public probe (/health/live, no database: the proxy's own cost shows most) and an authenticated
 * list (GET /operations with a bearer token the gateway and the service both verify). Phases alternate
 * direct / gateway twice, so drift of the machine hits both sides.
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

const SECONDS = Number(process.env['GATEWAY_BENCH_SECONDS'] ?? 6);
const CONNECTIONS = Number(process.env['GATEWAY_BENCH_CONNECTIONS'] ?? 16);
/** Each route is also measured with one connection: the latency a request gains through the gateway, without queueing. */
const LOADS = [CONNECTIONS, 1] as const;

interface Phase {
  route: string;
  connections: number;
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
  connections = CONNECTIONS,
): Promise<Omit<Phase, 'route' | 'side' | 'connections'>> {
  const cpu0 = { service: cpuSeconds(pids.service) ?? 0, gateway: cpuSeconds(pids.gateway) ?? 0 };
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    timeout: 10,
    requests: [{ method: 'GET', path, headers }],
  });
  const total = Math.max(1, result.requests.total);
  const perRequest = (pid: number, before: number): number => (((cpuSeconds(pid) ?? before) - before) / total) * 1e6;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
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
    const token = await (
      await DevIssuer.load()
    ).issueToken({ subject: 'bench-coordinator', member: 'WCO', roles: ['operation-coordinator'], expiresIn: '2h' });
    const routes: { route: string; path: string; headers: Record<string, string> }[] = [
      { route: 'GET /health/live (public, no database)', path: '/health/live', headers: {} },
      { route: 'GET /operations (bearer verified twice, one query)', path: '/operations', headers: { authorization: `Bearer ${token}` } },
    ];
    const pids = { service: service.pid, gateway: gateway.pid };
    // Warm both paths (JIT, connection pools) before measuring.
    for (const r of routes) {
      await load(service.baseUrl, r.path, r.headers, pids);
      await load(gateway.baseUrl, `/api/intel${r.path}`, r.headers, pids);
    }
    const phases: Phase[] = [];
    for (const r of routes) {
      for (const connections of LOADS) {
        for (let round = 0; round < 2; round++) {
          phases.push({
            route: r.route,
            connections,
            side: 'direct',
            ...(await load(service.baseUrl, r.path, r.headers, pids, connections)),
          });
          phases.push({
            route: r.route,
            connections,
            side: 'gateway',
            ...(await load(gateway.baseUrl, `/api/intel${r.path}`, r.headers, pids, connections)),
          });
        }
      }
    }
    const summary = routes
      .flatMap(({ route }) => LOADS.map((connections) => ({ route, connections })))
      .map(({ route, connections }) => {
        const side = (s: Phase['side']): Omit<Phase, 'route' | 'side' | 'connections'> => {
          const of = phases.filter((p) => p.route === route && p.side === s && p.connections === connections);
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
        const direct = side('direct');
        const through = side('gateway');
        return {
          route,
          connections,
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
      '| route | connections | direct req/s | gateway req/s | ratio (target >= 0.70) | p50 direct / gateway (ms) | p99 direct / gateway (ms) | p99 added (target <= 5 ms) | CPU per request: service / gateway (µs) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const s of summary) {
      console.log(
        `| ${s.route} | ${s.connections} | ${s.direct.rps.toFixed(0)} | ${s.gateway.rps.toFixed(0)} | ${s.throughputRatio.toFixed(2)} | ${s.direct.p50.toFixed(1)} / ${s.gateway.p50.toFixed(1)} | ${s.direct.p99.toFixed(1)} / ${s.gateway.p99.toFixed(1)} | ${s.addedP99Ms.toFixed(1)} | ${s.gateway.serviceCpuUs.toFixed(0)} / ${s.gateway.gatewayCpuUs.toFixed(0)} |`,
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
      `${JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, summary, phases }, null, 2)}\n`,
    );
  } finally {
    await gateway?.stop();
    await service?.stop();
    await Promise.all([serviceDb.drop(), gatewayDb.drop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
