/* Test kit of the assistance integration specs: the real app on a throw-away database, dev-issuer tokens, and
 * (optionally) per-run Kafka topics with the outbox relay running. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DevIssuer } from '@wco/auth';
import type { WcoRole } from '@wco/auth';
import { loadConfig } from '@wco/config';
import { dlqTopicOf, Topics } from '@wco/contracts';
import type { TopicName } from '@wco/contracts';
import { createServiceApp, kafkaReadinessCheck } from '@wco/http';
import { createTestDatabase, createTopics, deleteTopics, testInfra, uniqueTopic } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { AssistanceConfig } from '../config/assistance.config';
import { prepareAssistanceDatabase } from '../database/assistance.data-source';
import { AssistanceTopics } from '../events/assistance-topics';

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

export interface AssistanceTestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  config: Readonly<AssistanceConfig>;
  /** URL of the app's own throw-away database. */
  databaseUrl: string;
  /** Per-run topic names when started with `kafka: true`. */
  topics: Record<TopicName, string>;
  token(user: TestUser): Promise<string>;
  /** app.inject with the user's bearer token. */
  call(
    user: TestUser,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<CallResult>;
  count(table: string): Promise<number>;
  /** `keep`: leave the database and topics for a restarted instance (which then drops them). */
  close(options?: { keep?: boolean }): Promise<void>;
  database: TestDatabase;
}

export interface StartOptions {
  /** Route events to fresh topics and run the outbox relay. */
  kafka?: boolean;
  env?: Record<string, string>;
  /** Restart scenarios: start on the database and topics of an earlier instance (closed with `keep`). */
  reuse?: { database: TestDatabase; topics: Record<TopicName, string> };
}

export async function startAssistanceApp(prefix: string, options: StartOptions = {}): Promise<AssistanceTestApp> {
  const infra = testInfra();
  const db: TestDatabase = options.reuse?.database ?? (await createTestDatabase(prefix));
  const config = loadConfig(AssistanceConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: infra.databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '4',
    ...options.env,
  });
  const topics =
    options.reuse?.topics ??
    (Object.fromEntries(Object.values(Topics).map((t) => [t, options.kafka ? uniqueTopic(t) : t])) as Record<TopicName, string>);
  if (options.kafka && !options.reuse) {
    await createTopics(
      infra.kafkaBrokers,
      ownTopics(topics).map((topic) => ({ topic, numPartitions: 3 })),
    );
  }
  const dataSource = await prepareAssistanceDatabase(config, { log: () => undefined });
  const app = await createServiceApp(
    AppModule.forRoot({ config, dataSource, topics: new AssistanceTopics(topics), relay: !!options.kafka, relayPollIntervalMs: 100 }),
    config,
    { readiness: options.kafka ? [kafkaReadinessCheck(config.KAFKA_BROKERS)] : [] },
  );
  const issuer = app.get(DevIssuer);
  const tokens = new Map<string, string>();
  const token = async (user: TestUser): Promise<string> => {
    const key = JSON.stringify(user);
    let t = tokens.get(key);
    if (!t) {
      t = await issuer.issueToken({ subject: user.subject, member: user.member, roles: user.roles });
      tokens.set(key, t);
    }
    return t;
  };
  return {
    app,
    dataSource,
    config,
    databaseUrl: db.url,
    database: db,
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
    async close(closeOptions = {}) {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      if (closeOptions.keep) return;
      await db.drop();
      if (options.kafka) await deleteTopics(infra.kafkaBrokers, ownTopics(topics));
    },
  };
}

/** The topics the service publishes or consumes, with the DLQ of the one it consumes. */
function ownTopics(topics: Record<TopicName, string>): string[] {
  return [
    topics[Topics.AssistanceMission],
    topics[Topics.AssistanceRequest],
    topics[Topics.AssistanceFunding],
    topics[Topics.BudgetFunding],
    dlqTopicOf(topics[Topics.BudgetFunding]),
  ];
}

/** A WCO Secretariat assistance coordinator. */
export const coordinator = (n = 1): TestUser => ({
  subject: `assistance-coordinator-wco-${n}`,
  member: 'WCO',
  roles: ['assistance-coordinator'],
});
/** An officer of a Member administration who requests assistance. */
export const analyst = (member: string, n = 1): TestUser => ({
  subject: `member-analyst-${member.toLowerCase()}-${n}`,
  member,
  roles: ['member-analyst'],
});
export const expertUser = (subject: string, member: string): TestUser => ({ subject, member, roles: ['expert'] });
/** The assistance-coordinator role in a Member's token: not a coordinator (only Secretariat staff are). */
export const memberCoordinator = (member: string): TestUser => ({
  subject: `assistance-coordinator-${member.toLowerCase()}`,
  member,
  roles: ['assistance-coordinator'],
});
export const auditor: TestUser = { subject: 'auditor-1', member: 'NL', roles: ['auditor'] };
