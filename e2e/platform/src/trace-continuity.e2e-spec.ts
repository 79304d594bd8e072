import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import type { ScenarioResult } from './trace-continuity.scenario';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

describe('trace continuity: HTTP request -> outbox row -> Kafka message -> consumer handler', () => {
  let db: TestDatabase;
  let result: ScenarioResult;

  beforeAll(async () => {
    const infra = testInfra();
    db = await createTestDatabase('trace');
    const topic = uniqueTopic('trace');
    await createTopics(infra.kafkaBrokers, [{ topic, numPartitions: 1 }]);
    const { stdout } = await run(process.execPath, ['--require', '@swc-node/register', join(__dirname, 'trace-continuity.fixture.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        DATABASE_URL: infra.databaseUrl,
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        TRACE_DATABASE: db.name,
        TRACE_TOPIC: topic,
      },
      timeout: 90_000,
    });
    result = JSON.parse(stdout.trim().split('\n').pop() as string) as ScenarioResult;
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  const traceIdOf = (traceparent: string | null) => traceparent?.split('-')[1] ?? null;

  it('stores the HTTP request trace with the outbox row', () => {
    expect(result.httpServerTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf(result.outboxTraceparent)).toBe(result.httpServerTraceId);
  });

  it('continues that trace in the Kafka message headers', () => {
    expect(traceIdOf(result.kafkaTraceparent)).toBe(result.httpServerTraceId);
  });

  it('runs the consumer handler inside the same trace', () => {
    expect(result.handlerTraceId).toBe(result.httpServerTraceId);
  });

  it('records producer and consumer spans in that trace', () => {
    const inTrace = result.spans.filter((s) => s.traceId === result.httpServerTraceId);
    expect(inTrace.map((s) => s.kind)).toEqual(expect.arrayContaining(['SERVER', 'PRODUCER', 'CONSUMER']));
  });
});
