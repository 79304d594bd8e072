/* The platform for the gateway's scenario spec: every service started as its own process (as `npm start` starts it,
 * never imported: a service does not load another's code), each on a free port with a throw-away database, all
 * trusting one test identity provider; the gateway in the test process in front of them. Started once per spec file. */
import type { AddressInfo } from 'node:net';
import { createTestDatabase, freePort, NodeChild, testInfra } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import { ApiCatalogue } from '../../openapi/api-catalogue';
import { GatewayTestApp, startGatewayApp } from '../../testing/gateway-test-app';
import { newSigningKey, TestIdentityProvider } from './test-identity-provider';

export const SERVICES = [
  { key: 'intel', name: 'intel-exchange' },
  { key: 'budget', name: 'budget-audit' },
  { key: 'assistance', name: 'assistance' },
  { key: 'research', name: 'research-catalogue' },
] as const;
export type ServiceKey = (typeof SERVICES)[number]['key'];

export interface Platform {
  idp: TestIdentityProvider;
  gateway: GatewayTestApp;
  gatewayUrl: string;
  /** Direct base URL of each service. */
  direct: Record<ServiceKey, string>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /**
   * Who signs the tokens: the test identity provider (default), or the development issuer of the checkout
   * (`.local/dev-issuer`, one key every process loads), which the console's development login uses.
   */
  auth?: 'test-idp' | 'dev-issuer';
  /** More gateway configuration, e.g. GATEWAY_CONSOLE_DIR. */
  gatewayEnv?: Record<string, string>;
}

export async function startPlatform(prefix: string, options: PlatformOptions = {}): Promise<Platform> {
  const infra = testInfra();
  const idp = await TestIdentityProvider.start(await newSigningKey('key-1'));
  const authEnv = options.auth === 'dev-issuer' ? { AUTH_DEV_ISSUER: 'true' } : idp.env();
  const started: { child: NodeChild; db: TestDatabase }[] = [];
  const direct = {} as Record<ServiceKey, string>;
  try {
    await Promise.all(
      SERVICES.map(async (service) => {
        const [port, db] = await Promise.all([freePort(), createTestDatabase(`${prefix}_${service.key}`)]);
        const url = `http://127.0.0.1:${port}`;
        const child = new NodeChild({
          label: service.name,
          entry: `apps/${service.name}/src/main.ts`,
          telemetry: true,
          env: {
            ...authEnv,
            SERVICE_NAME: service.name,
            NODE_ENV: 'test',
            HOST: '127.0.0.1',
            PORT: String(port),
            DATABASE_URL: infra.databaseUrl,
            DATABASE_NAME: db.name,
            DATABASE_POOL_SIZE: '4',
            KAFKA_BROKERS: infra.kafkaBrokers.join(','),
            LOG_LEVEL: 'warn',
            OTEL_METRICS_EXPORTER: 'none',
          },
          ready: async () => {
            for (;;) {
              const ok = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1000) }).then(
                (r) => r.status === 200,
                () => false,
              );
              if (ok) return;
              await new Promise((r) => setTimeout(r, 300));
            }
          },
        });
        started.push({ child, db });
        await child.start(240_000);
        direct[service.key] = url;
      }),
    );
    const gateway = await startGatewayApp(`${prefix}_gw`, {
      env: {
        ...authEnv,
        GATEWAY_UPSTREAM_INTEL: direct.intel,
        GATEWAY_UPSTREAM_BUDGET: direct.budget,
        GATEWAY_UPSTREAM_ASSISTANCE: direct.assistance,
        GATEWAY_UPSTREAM_RESEARCH: direct.research,
        GATEWAY_RATE_LIMIT_MAX: '100000',
        ...options.gatewayEnv,
      },
    });
    await gateway.app.listen({ port: 0, host: '127.0.0.1' });
    if (!(await gateway.app.get(ApiCatalogue).loaded(30_000))) throw new Error('the gateway did not get every service’s OpenAPI document');
    const gatewayUrl = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
    return {
      idp,
      gateway,
      gatewayUrl,
      direct,
      async close() {
        await gateway.close();
        await Promise.all(started.map(({ child }) => child.stop()));
        await Promise.all(started.map(({ db }) => db.drop()));
        await idp.close();
      },
    };
  } catch (error) {
    await Promise.all(started.map(({ child }) => child.stop()));
    await Promise.all(started.map(({ db }) => db.drop().catch(() => undefined)));
    await idp.close();
    throw error;
  }
}
