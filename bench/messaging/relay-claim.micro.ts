/* Micro-benchmark: the relay's fixed cost per claim, which dominates when it wakes for each business transaction
 * (a report and its match events): write one event, publishOnce(), repeat. Reports the relay's wall time and this
 * process's CPU per claim (the writer's share measured apart and left out).
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/messaging/relay-claim.micro.ts
 * Env: BENCH_CLAIMS (default 1000), KAFKA_BROKERS, DATABASE_URL. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { dlqTopicOf, ReportSubmittedEvent } from '@wco/contracts';
import { MESSAGING_MIGRATIONS, OutboxRelay, OutboxWriter } from '@wco/messaging';
import { createTestDatabase, createTopics, deleteTopics, testInfra, type TestDatabase } from '@wco/testing';
import { DataSource } from 'typeorm';
import { reportSubmittedPayload } from './report-submitted.fixture';

const CLAIMS = Number(process.env['BENCH_CLAIMS'] ?? 1000);

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const { kafkaBrokers } = testInfra();
  const topic = `bench.claim.${Date.now().toString(36)}`;
  let db: TestDatabase | undefined;
  let ds: DataSource | undefined;
  try {
    db = await createTestDatabase('bench_claim');
    ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MESSAGING_MIGRATIONS,
      extra: { max: 4 },
    });
    await ds.initialize();
    await ds.runMigrations();
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 6 },
      { topic: dlqTopicOf(topic), numPartitions: 1 },
    ]);
    const writer = new OutboxWriter('/intel-exchange');
    const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers });
    await relay.publishOnce();
    const rounds: { wallUs: number; cpuUs: number }[] = [];
    for (let round = 0; round < 3; round++) {
      let wall = 0;
      let cpu = 0;
      for (let i = 0; i < CLAIMS; i++) {
        const id = randomUUID();
        await ds.transaction((m) =>
          writer.add(m, {
            type: ReportSubmittedEvent.type,
            subject: id,
            topic,
            data: reportSubmittedPayload(id),
          }),
        );
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        if ((await relay.publishOnce()) !== 1) throw new Error('expected one row per claim');
        wall += performance.now() - t0;
        const c = process.cpuUsage(c0);
        cpu += c.user + c.system;
      }
      rounds.push({ wallUs: (wall * 1000) / CLAIMS, cpuUs: cpu / CLAIMS });
      console.log(
        `round ${round + 1}: ${((wall * 1000) / CLAIMS).toFixed(0)} µs wall, ${(cpu / CLAIMS).toFixed(0)} µs CPU per one-row claim`,
      );
    }
    await relay.stop();
  } finally {
    await ds?.destroy();
    await db?.drop();
    await deleteTopics(kafkaBrokers, [topic, dlqTopicOf(topic)]);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`benchmark failed: ${err.stack}`);
    process.exit(1);
  },
);
