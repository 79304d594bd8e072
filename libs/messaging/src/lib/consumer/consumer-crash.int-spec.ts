import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { encodeEvent } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { messagingDataSource, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, '../../../../..');
const EVENTS = 3000;

interface Child {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startConsumer(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--require', '@swc-node/register', join(__dirname, '../../test/consumer-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  proc.stdout?.on('data', (d: Buffer) =>
    lines.push(
      ...d
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('{')),
    ),
  );
  proc.stderr?.on('data', (d: Buffer) => {
    const text = d.toString();
    if (/Error|error/.test(text) && !/kafkajs|coordinator/.test(text)) process.stderr.write(`[consumer child] ${text}`);
  });
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return { proc, lines, exited };
}

describe('consumer killed mid-batch (child process, kill -9)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('crash');
  const group = `g-${randomUUID()}`;
  let db: TestDatabase;
  let ds: DataSource;
  const children: Child[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('consumer_crash');
    ds = await messagingDataSource(db.url, [
      'CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)',
      'INSERT INTO counter VALUES (1, 0)',
      'CREATE TABLE effect (seq bigserial, event_id text NOT NULL)', // no unique key: a second effect would show
    ]);
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 3 },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ]);
    const producer = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();
    const keys = Array.from({ length: 30 }, () => randomUUID());
    const messages = Array.from({ length: EVENTS }, (_, i) => {
      const k = keys[i % keys.length];
      return encodeEvent({
        type: REPORT_SUBMITTED,
        source: '/intel-exchange',
        subject: k,
        data: reportSubmitted(k, Math.floor(i / keys.length) + 1),
      });
    });
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
    await producer.disconnect();
  });

  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await ds?.destroy();
    await db?.drop();
  });

  it('applies every event exactly once across a crash and a restart; redeliveries are skipped and counted', async () => {
    const started = Date.now();
    const env = {
      CHILD_DATABASE_URL: db.url,
      CHILD_BROKERS: kafkaBrokers.join(','),
      CHILD_GROUP: group,
      CHILD_TOPIC: topic,
      HANDLER_DELAY_MS: '1',
    };
    const count = async () => (await ds.query('SELECT count(*)::int AS n FROM effect'))[0].n as number;

    const first = startConsumer(env);
    children.push(first);
    await waitFor(async () => (await count()) >= EVENTS / 5, 45_000, 'the first consumer to apply a fifth of the events');
    first.proc.kill('SIGKILL');
    await first.exited;
    const appliedAtCrash = await count();
    expect(appliedAtCrash).toBeLessThan(EVENTS);

    const second = startConsumer(env);
    children.push(second);
    await waitFor(async () => (await count()) >= EVENTS, 60_000, 'every event to be applied after the restart');
    await new Promise((r) => setTimeout(r, 1000)); // a late double application would land here
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const stats = JSON.parse(second.lines[second.lines.length - 1]) as { processed: number; duplicates: number };

    const [effects] = await ds.query('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM effect');
    const [counter] = await ds.query('SELECT n FROM counter WHERE id = 1');
    const [inbox] = await ds.query('SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1', [group]);
    console.log(
      `consumer-crash test: ${appliedAtCrash} events applied before kill -9, restarted consumer applied ${stats.processed} ` +
        `and skipped ${stats.duplicates} redelivered duplicates; total effects ${effects.n} (${effects.d} distinct) in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(effects).toEqual({ n: EVENTS, d: EVENTS });
    expect(counter.n).toBe(EVENTS);
    expect(inbox.n).toBe(EVENTS);
    expect(stats.processed).toBe(EVENTS - appliedAtCrash);
    // The crash left applied-but-uncommitted offsets behind: the restarted consumer saw them again.
    expect(stats.duplicates).toBeGreaterThan(0);
  });
});
