/* One trace end to end (issue 12, Observability): an officer's report goes in through the gateway, intel-exchange
 * writes it with its match events into its outbox, the relay publishes them to Kafka, the gateway's notification
 * consumer turns the match into a notification and the webhook worker delivers it to the Member's system. Both
 * services run as their own processes with the telemetry register (as `npm start` runs them) and export their spans
 * over OTLP/HTTP to a collector in this test; the chain is checked by parent links, not by names alone. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Topics } from '@wco/contracts';
import { createTestDatabase, freePort, groupAtTopicEnds, NodeChild, testInfra } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import { newSigningKey, TestIdentityProvider } from './edge/testing/test-identity-provider';

jest.setTimeout(300_000);

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP kinds: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
interface OtlpBody {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: { key: string; value: OtlpValue }[];
      }[];
    }[];
  }[];
}

const valueOf = (v: OtlpValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: { key: string; value: OtlpValue }[] = []): Record<string, unknown> =>
  Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** An OTLP/HTTP (JSON) trace receiver on loopback. */
async function startCollector(): Promise<{ url: string; spans: Span[]; server: Server }> {
  const spans: Span[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody;
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attributesOf(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                name: s.name,
                kind: s.kind,
                attributes: attributesOf(s.attributes),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A seizure both Members may see, with the container that correlates them. */
function seizure(country: string, container: string): Record<string, unknown> {
  return {
    type: 'seizure',
    whenWhere: { detectedAt: '2026-11-20T08:00:00Z', country, locationType: 'seaport', direction: 'import' },
    goods: [
      { commodityCategory: 'drugs', description: 'Cocaine bricks in banana boxes', hsCode: '293972', quantity: { value: 120, unit: 'kg' } },
    ],
    conveyance: { transportMode: 'sea', containers: [{ number: container }] },
    grading: { sourceReliability: 'B', informationCredibility: 2 },
    tlp: 'GREEN',
    distribution: { level: 'all_members' },
    retentionUntil: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
  };
}

describe('one trace: gateway -> intel-exchange -> outbox -> Kafka -> gateway notification consumer -> webhook delivery', () => {
  const infra = testInfra();
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let idp: TestIdentityProvider;
  let receiver: Server;
  let receiverUrl: string;
  const delivered: { headers: IncomingMessage['headers']; body: string }[] = [];
  const children: NodeChild[] = [];
  const databases: TestDatabase[] = [];
  let gatewayUrl: string;

  const child = async (name: string, entry: string, port: number, db: TestDatabase, env: Record<string, string>): Promise<void> => {
    const url = `http://127.0.0.1:${port}`;
    const c = new NodeChild({
      label: name,
      entry,
      telemetry: true,
      env: {
        ...idp.env(),
        SERVICE_NAME: name,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: infra.databaseUrl,
        DATABASE_NAME: db.name,
        DATABASE_POOL_SIZE: '4',
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        LOG_LEVEL: 'warn',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        ...env,
      },
      ready: async () => {
        for (;;) {
          const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) }).then(
            (r) => r.status === 200,
            () => false,
          );
          if (ok) return;
          await new Promise((r) => setTimeout(r, 300));
        }
      },
    });
    children.push(c);
    await c.start(240_000);
  };

  const call = async (member: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const token = await idp.sign({ subject: `analyst-${member.toLowerCase()}-trace`, member, roles: ['member-analyst'] });
    const res = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    collector = await startCollector();
    idp = await TestIdentityProvider.start(await newSigningKey('trace-key'));
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        delivered.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/wco`;

    const [intelPort, gatewayPort, intelDb, gatewayDb] = await Promise.all([
      freePort(),
      freePort(),
      createTestDatabase('trace_intel'),
      createTestDatabase('trace_gateway'),
    ]);
    databases.push(intelDb, gatewayDb);
    await child('intel-exchange', 'apps/intel-exchange/src/main.ts', intelPort, intelDb, {});
    const closed = `http://127.0.0.1:${await freePort()}`;
    // Its own consumer group, starting at the topics' ends: the history other runs left on a shared broker is not
    // this test's to deliver (and would queue ahead of its match on the Members' endpoints).
    const group = await groupAtTopicEnds(infra.kafkaBrokers, 'gateway.trace', [
      Topics.IntelMatch,
      Topics.ResearchPublication,
      Topics.AssistanceMission,
      Topics.AssistanceRequest,
    ]);
    await child('gateway', 'apps/gateway/src/main.ts', gatewayPort, gatewayDb, {
      GATEWAY_UPSTREAM_INTEL: `http://127.0.0.1:${intelPort}`,
      GATEWAY_UPSTREAM_BUDGET: closed,
      GATEWAY_UPSTREAM_ASSISTANCE: closed,
      GATEWAY_UPSTREAM_RESEARCH: closed,
      GATEWAY_WEBHOOK_ALLOW: '127.0.0.1/32',
      GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS: '200',
      // No other gateway of the suite shares (or waits for) its partitions.
      GATEWAY_NOTIFICATIONS_GROUP: group,
    });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
    await idp?.close();
    await new Promise((r) => receiver?.close(r));
    await new Promise((r) => collector?.server.close(r));
  });

  it('links every hop by its parent, from the officer request at the gateway to the webhook the Member receives', async () => {
    for (const member of ['KE', 'FR']) {
      const hook = await call(member, 'POST', '/webhooks', { title: `${member} risk-management system`, url: receiverUrl });
      expect([member, hook.status]).toEqual([member, 201]);
    }
    const container = 'TRCU4242425';
    const first = await call('KE', 'POST', '/api/intel/reports', seizure('KE', container));
    expect(first.status).toBe(201);
    const second = await call('FR', 'POST', '/api/intel/reports', seizure('FR', container));
    expect(second.status).toBe(201);

    // The delivery the FR system receives for the match of FR's report.
    await until('the webhook delivery of the match', () =>
      delivered.find((d) => d.body.includes(second.body.id as string) && d.body.includes('match')) ? true : undefined,
    );

    const byId = (traceSpans: Span[]) => new Map(traceSpans.map((s) => [s.spanId, s]));
    const chain = await until('the spans of the whole chain', () => {
      const entries = collector.spans.filter(
        (s) =>
          s.service === 'gateway' &&
          s.kind === 2 &&
          String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '') === '/api/intel/reports',
      );
      for (const e of entries) {
        const trace = collector.spans.filter((s) => s.traceId === e.traceId);
        const consumer = trace.find((s) => s.service === 'gateway' && s.kind === 5);
        const delivery = trace.find(
          (s) =>
            s.service === 'gateway' &&
            s.kind === 3 &&
            String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '').includes('/hooks/wco'),
        );
        // Each process exports on its own schedule: wait until both have sent their part.
        const complete =
          trace.some((s) => s.service === 'intel-exchange' && s.kind === 2) &&
          trace.some((s) => s.service === 'intel-exchange' && s.kind === 4);
        if (consumer && delivery && complete) return { entry: e, trace, consumer, delivery };
      }
      return undefined;
    });

    const spans = byId(chain.trace);
    const ancestors = (s: Span): Span[] => {
      const out: Span[] = [];
      for (let p = s.parentSpanId && spans.get(s.parentSpanId); p; p = p.parentSpanId ? spans.get(p.parentSpanId) : undefined) out.push(p);
      return out;
    };
    // gateway SERVER -> intel-exchange SERVER: the proxy forwards the gateway's trace context without a client span
    const intelServer = chain.trace.find((s) => s.service === 'intel-exchange' && s.kind === 2);
    expect(intelServer).toBeDefined();
    expect(spans.get(intelServer?.parentSpanId ?? '')).toEqual(chain.entry);
    expect(
      chain.trace
        .filter((s) => s.service === 'gateway' && s.kind === 3 && s.traceId === chain.entry.traceId)
        .map((s) => s.attributes['url.full']),
    ).not.toContainEqual(expect.stringContaining('/reports'));
    // The match gives one event per Member concerned, so the trace has a consumer span per event; follow the one the
    // delivery descends from: webhook CLIENT <- gateway CONSUMER <- intel-exchange PRODUCER (the relay publishing the
    // outbox row under the request's context) <- ... <- the gateway SERVER span of the officer's request.
    const deliveryParents = ancestors(chain.delivery);
    const consumer = deliveryParents.find((s) => s.service === 'gateway' && s.kind === 5);
    expect(consumer).toBeDefined();
    const consumerParents = ancestors(consumer as Span);
    expect({ service: consumerParents[0]?.service, kind: consumerParents[0]?.kind }).toEqual({ service: 'intel-exchange', kind: 4 });
    expect(consumerParents).toContainEqual(chain.entry);
    expect(new Set(chain.trace.map((s) => s.service))).toEqual(new Set(['gateway', 'intel-exchange']));
  });
});
