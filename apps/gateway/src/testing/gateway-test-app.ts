/* Test kit of the gateway integration specs: the real app on a throw-away database, dev-issuer tokens, and
 * (optionally) per-run Kafka topics with the outbox relay running. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DevIssuer } from '@wco/auth';
import type { WcoRole } from '@wco/auth';
import { loadConfig } from '@wco/config';
import { dlqTopicOf, Topics } from '@wco/contracts';
import type { TopicName } from '@wco/contracts';
import { createServiceApp, kafkaReadinessCheck } from '@wco/http';
import { createTestDatabase, createTopics, databaseUrlFor, deleteTopics, testInfra, uniqueTopic } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config/gateway.config';
import { prepareGatewayDatabase } from '../database/gateway.data-source';
import { GatewayTopics } from '../events/gateway-topics';
import { GATEWAY_OPENAPI } from '../openapi/gateway-openapi';

export interface TestUser {
  subject: string;
  /** The user's Member administration. */
  member: string;
  roles: WcoRole[];
}

export interface CallResult {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface GatewayTestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  config: Readonly<GatewayConfig>;
  /** URL of the app's own throw-away database. */
  databaseUrl: string;
  /** Per-run topic names when started with `kafka: true`. */
  topics: Record<TopicName, string>;
  token(user: TestUser): Promise<string>;
  /** app.inject with the user's bearer token. */
  call(
    user: TestUser,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<CallResult>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Route events to fresh topics, run the outbox relay and the notifications consumer. */
  kafka?: boolean;
  env?: Record<string, string>;
  /** Use these topic names instead of fresh ones (a second instance of the gateway on the same topics). */
  topics?: Record<TopicName, string>;
  /** Use this database instead of a fresh one (a second instance on the same database); not dropped on close. */
  databaseName?: string;
}

/** The topics the gateway consumes (their DLQs included) and produces, as a test creates them. */
export const CONSUMED_TOPICS = [Topics.IntelMatch, Topics.ResearchPublication, Topics.AssistanceMission, Topics.AssistanceRequest] as const;
function ownTopics(topics: Record<TopicName, string>): string[] {
  return [topics[Topics.GatewayWebhook], ...CONSUMED_TOPICS.flatMap((t) => [topics[t], dlqTopicOf(topics[t])])];
}

export async function startGatewayApp(prefix: string, options: StartOptions = {}): Promise<GatewayTestApp> {
  const infra = testInfra();
  const shared = options.databaseName !== undefined;
  const db: TestDatabase = shared
    ? { name: options.databaseName!, url: databaseUrlFor(infra.databaseUrl, options.databaseName!), drop: async () => undefined }
    : await createTestDatabase(prefix);
  const config = loadConfig(GatewayConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: infra.databaseUrl,
    DATABASE_NAME: db.name,
    GATEWAY_NOTIFICATIONS_CONSUMER: options.kafka ? 'true' : 'false',
    GATEWAY_WEBHOOK_ALLOW: '127.0.0.1/32',
    GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400',
    GATEWAY_SSE_HEARTBEAT_MS: '1000',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '4',
    // No service behind the gateway unless a spec starts one: a platform running on the default ports is never reached.
    ...Object.fromEntries(['INTEL', 'BUDGET', 'ASSISTANCE', 'RESEARCH'].map((s) => [`GATEWAY_UPSTREAM_${s}`, 'http://127.0.0.1:9'])),
    ...options.env,
  });
  const topics =
    options.topics ??
    (Object.fromEntries(Object.values(Topics).map((t) => [t, options.kafka ? uniqueTopic(t) : t])) as Record<TopicName, string>);
  if (options.kafka && !options.topics) {
    await createTopics(
      infra.kafkaBrokers,
      ownTopics(topics).map((topic) => ({ topic, numPartitions: 3 })),
    );
  }
  const dataSource = await prepareGatewayDatabase(config, { log: () => undefined });
  const app = await createServiceApp(
    AppModule.forRoot({ config, dataSource, topics: new GatewayTopics(topics), relay: !!options.kafka, relayPollIntervalMs: 100 }),
    config,
    { readiness: options.kafka ? [kafkaReadinessCheck(config.KAFKA_BROKERS)] : [], openApi: GATEWAY_OPENAPI },
  );
  // Looked up on first use: a gateway that trusts an external provider (the edge specs) has no development issuer.
  const issuer = (): DevIssuer => app.get(DevIssuer);
  const tokens = new Map<string, string>();
  const token = async (user: TestUser): Promise<string> => {
    const key = JSON.stringify(user);
    let t = tokens.get(key);
    if (!t) {
      t = await issuer().issueToken({ subject: user.subject, member: user.member, roles: user.roles });
      tokens.set(key, t);
    }
    return t;
  };
  return {
    app,
    dataSource,
    config,
    databaseUrl: db.url,
    topics,
    token,
    async call(user, method, url, body, headers = {}) {
      const res = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${await token(user)}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let parsed: unknown = undefined;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
    async count(table: string) {
      const rows: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM "${table}"`);
      return Number(rows[0].n);
    },
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
      if (options.kafka && !options.topics) await deleteTopics(infra.kafkaBrokers, ownTopics(topics));
    },
  };
}

export const memberAnalyst = (member: string, n = 1): TestUser => ({
  subject: `member-analyst-${member.toLowerCase()}-${n}`,
  member,
  roles: ['member-analyst'],
});
/** An auditor of a Member administration: no member-analyst role, so no notification or webhook route. */
export const auditor: TestUser = { subject: 'auditor-1', member: 'NL', roles: ['auditor'] };
/** Secretariat staff with the member-analyst role: acts for WCO, never for a Member. */
export const secretariatAnalyst: TestUser = { subject: 'wco-analyst-1', member: 'WCO', roles: ['member-analyst'] };
