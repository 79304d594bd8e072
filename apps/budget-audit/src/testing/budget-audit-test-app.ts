/* Test kit of the budget-audit integration specs: the real app on a throw-away database, dev-issuer tokens, and
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
import { BudgetAuditConfig } from '../config/budget-audit.config';
import { prepareBudgetAuditDatabase } from '../database/budget-audit.data-source';
import { BudgetAuditTopics } from '../events/budget-audit-topics';

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

export interface BudgetAuditTestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  config: Readonly<BudgetAuditConfig>;
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
  close(): Promise<void>;
}

export interface StartOptions {
  /** Route events to fresh topics and run the outbox relay. */
  kafka?: boolean;
  env?: Record<string, string>;
}

export async function startBudgetAuditApp(prefix: string, options: StartOptions = {}): Promise<BudgetAuditTestApp> {
  const infra = testInfra();
  const db: TestDatabase = await createTestDatabase(prefix);
  const config = loadConfig(BudgetAuditConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: infra.databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '4',
    ...options.env,
  });
  const topics = Object.fromEntries(Object.values(Topics).map((t) => [t, options.kafka ? uniqueTopic(t) : t])) as Record<TopicName, string>;
  if (options.kafka) {
    await createTopics(
      infra.kafkaBrokers,
      [Topics.BudgetLedger, Topics.BudgetFunding, Topics.BudgetFollowup, Topics.AssistanceFunding].flatMap((t) => [
        { topic: topics[t], numPartitions: 3 },
        { topic: dlqTopicOf(topics[t]), numPartitions: 1 },
      ]),
    );
  }
  const dataSource = await prepareBudgetAuditDatabase(config, { log: () => undefined });
  const app = await createServiceApp(
    AppModule.forRoot({
      config,
      dataSource,
      topics: new BudgetAuditTopics(topics),
      relay: !!options.kafka,
      relayPollIntervalMs: 100,
      consumeFunding: !!options.kafka,
    }),
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
      if (options.kafka) {
        const used = [Topics.BudgetLedger, Topics.BudgetFunding, Topics.BudgetFollowup, Topics.AssistanceFunding].map((t) => topics[t]);
        await deleteTopics(infra.kafkaBrokers, [...used, ...used.map(dlqTopicOf)]);
      }
    },
  };
}

/** A finance officer of the Secretariat (WCO) by default: the one who writes the budget and the ledger. */
export const financeOfficer = (member = 'WCO', n = 1): TestUser => ({
  subject: `finance-officer-${member.toLowerCase()}-${n}`,
  member,
  roles: ['finance-officer'],
});
export const financeCommittee: TestUser = { subject: 'finance-committee-1', member: 'KE', roles: ['finance-committee'] };
/** A member of the Audit Committee: agrees audit plans and accepts risks; reads the books, writes none. */
export const auditCommittee: TestUser = { subject: 'audit-committee-1', member: 'BE', roles: ['audit-committee'] };
/** An auditor of a Member administration: reads everything, writes nothing. */
export const auditor: TestUser = { subject: 'auditor-1', member: 'NL', roles: ['auditor'] };
export const admin: TestUser = { subject: 'admin-1', member: 'WCO', roles: ['admin'] };
