/* Test kit of the intel-exchange integration specs: a real app on a throw-away database, dev-issuer tokens, and
 * (optionally) per-run Kafka topics with a consumer that collects what the outbox relay published. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DevIssuer } from '@wco/auth';
import type { WcoRole } from '@wco/auth';
import { loadConfig } from '@wco/config';
import { decodeEvent, Topics } from '@wco/contracts';
import type { EventEnvelope, TopicName } from '@wco/contracts';
import { createServiceApp, kafkaReadinessCheck } from '@wco/http';
import { createTestDatabase, createTopics, deleteTopics, testInfra, uniqueTopic } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { prepareIntelExchangeDatabase } from '../database/intel-exchange.data-source';
import { iso6346CheckDigit } from '../domain/validators';
import { IntelTopics } from '../events/intel-topics';
import { INTEL_EXCHANGE_OPENAPI } from '../platform/openapi';

export interface TestUser {
  subject: string;
  /** `wco_member`; WCO Secretariat staff when left out (their tokens say `WCO` explicitly). */
  member?: string;
  roles: WcoRole[];
}

export interface IntelTestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  config: Readonly<IntelExchangeConfig>;
  /** Per-run topic names when started with `kafka: true`. */
  topics: Record<TopicName, string>;
  token(user: TestUser): Promise<string>;
  /** app.inject with the user's bearer token. */
  call(
    user: TestUser,
    method: 'GET' | 'POST' | 'DELETE' | 'PUT',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<CallResult>;
  count(table: string): Promise<number>;
  /** Creates an operation and makes it active; fails the test if either step is refused. Returns its id. */
  openOperation(coordinator: TestUser, operation: OperationFixture): Promise<string>;
  close(): Promise<void>;
}

export interface OperationFixture {
  name: string;
  commodityFocus: string[];
  participants: string[];
  requiredFields?: string[];
  startsOn?: string;
  endsOn?: string;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface StartOptions {
  /** Route events to fresh topics and run the outbox relay. */
  kafka?: boolean;
  env?: Record<string, string>;
}

export async function startIntelApp(prefix: string, options: StartOptions = {}): Promise<IntelTestApp> {
  const infra = testInfra();
  const db: TestDatabase = await createTestDatabase(prefix);
  const config = loadConfig(IntelExchangeConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: infra.databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    RETENTION_SWEEP_INTERVAL_MS: '0',
    DATABASE_POOL_SIZE: '8',
    ...options.env,
  });
  const topics = Object.fromEntries(Object.values(Topics).map((t) => [t, options.kafka ? uniqueTopic(t) : t])) as Record<TopicName, string>;
  if (options.kafka) {
    await createTopics(
      infra.kafkaBrokers,
      Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })),
    );
  }
  const dataSource = await prepareIntelExchangeDatabase(config, { log: () => undefined });
  const app = await createServiceApp(
    AppModule.forRoot({ config, dataSource, topics: new IntelTopics(topics), relay: !!options.kafka, relayPollIntervalMs: 100 }),
    config,
    { readiness: options.kafka ? [kafkaReadinessCheck(config.KAFKA_BROKERS)] : [], openApi: INTEL_EXCHANGE_OPENAPI },
  );
  const issuer = app.get(DevIssuer);
  const tokens = new Map<string, string>();
  const token = async (user: TestUser): Promise<string> => {
    const key = JSON.stringify(user);
    let t = tokens.get(key);
    if (!t) {
      t = await issuer.issueToken({ subject: user.subject, member: user.member ?? 'WCO', roles: user.roles });
      tokens.set(key, t);
    }
    return t;
  };
  const testApp: IntelTestApp = {
    app,
    dataSource,
    config,
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
    async openOperation(coordinator, operation) {
      const created = await testApp.call(coordinator, 'POST', '/operations', {
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        requiredFields: [],
        ...operation,
      });
      if (created.status !== 201) throw new Error(`creating operation failed: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.id as string;
      const activated = await testApp.call(coordinator, 'POST', `/operations/${id}/transitions`, { state: 'active' });
      if (activated.status !== 200) throw new Error(`activating operation failed: ${activated.status} ${JSON.stringify(activated.body)}`);
      return id;
    },
    async count(table: string) {
      const rows: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM ${table}`);
      return Number(rows[0].n);
    },
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
      if (options.kafka) await deleteTopics(infra.kafkaBrokers, Object.values(topics));
    },
  };
  return testApp;
}

export interface CollectedEvent {
  topic: string;
  event: EventEnvelope;
}

/** Consumes topics from the beginning and keeps every decoded event, until stopped. */
export class EventCollector {
  readonly events: CollectedEvent[] = [];
  private consumer?: Consumer;

  async start(topics: string[]): Promise<void> {
    const kafka = new Kafka({ clientId: 'intel-test-collector', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `intel-test-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.events.push({ topic, event: decodeEvent(message) });
      },
    });
  }

  /** Waits until `predicate` holds over the events seen so far. */
  async waitFor(predicate: (events: CollectedEvent[]) => boolean, timeoutMs = 20_000): Promise<CollectedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline)
        throw new Error(
          `events not seen within ${timeoutMs} ms; got ${this.events.length}: ${JSON.stringify(this.events.map((e) => e.event.type))}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.events;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** A valid ISO 6346 container number for a serial (the check digit computed, as a real one would be). */
export function containerNumber(owner: string, serial: number): string {
  const first10 = `${owner}U${String(serial).padStart(6, '0')}`;
  return `${first10}${iso6346CheckDigit(first10)}`;
}

export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export const analyst = (member: string, n = 1): TestUser => ({
  subject: `analyst-${member.toLowerCase()}-${n}`,
  member,
  roles: ['member-analyst'],
});
export const coordinator = (member = 'WCO'): TestUser =>
  member === 'WCO'
    ? { subject: 'coordinator-wco', member: 'WCO', roles: ['operation-coordinator'] }
    : { subject: `coordinator-${member.toLowerCase()}`, member, roles: ['operation-coordinator'] };
export const auditor: TestUser = { subject: 'auditor-1', member: 'WCO', roles: ['auditor'] };
