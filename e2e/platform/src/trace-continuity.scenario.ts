import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Controller, Inject, Module, Post } from '@nestjs/common';
import { SpanKind, trace } from '@opentelemetry/api';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { BaseServiceConfig, loadConfig } from '@wco/config';
import { OperationChangedEvent } from '@wco/contracts';
import { createServiceApp, Public } from '@wco/http';
import {
  ConsumerRunner,
  InboxMessageEntity,
  MESSAGING_MIGRATIONS,
  onEvent,
  OutboxMessageEntity,
  OutboxRelay,
  OutboxWriter,
} from '@wco/messaging';
import { prepareServiceDatabase } from '@wco/persistence';
import type { DataSource } from 'typeorm';

export interface ScenarioResult {
  httpServerTraceId: string;
  outboxTraceparent: string | null;
  kafkaTraceparent: string | null;
  handlerTraceId: string | null;
  spans: { name: string; kind: string; traceId: string }[];
}

const DATA_SOURCE = Symbol('DATA_SOURCE');
const topic = process.env['TRACE_TOPIC'] as string;
const writer = new OutboxWriter('/trace-e2e');

@Controller('operations')
class OperationsController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** A state change and its event in one transaction, as every service does it. */
  @Public()
  @Post()
  async create(): Promise<{ id: string }> {
    const id = randomUUID();
    await this.ds.transaction(async (m) => {
      await m.query('INSERT INTO operation_row (id) VALUES ($1)', [id]);
      await writer.add(m, {
        type: OperationChangedEvent.type,
        subject: id,
        topic,
        data: {
          operationId: id,
          version: 1,
          change: 'created',
          status: 'planned',
          coordinatorMember: 'FR',
          participants: ['FR'],
          changedAt: new Date().toISOString(),
        },
      });
    });
    return { id };
  }
}

export async function runScenario(exporter: InMemorySpanExporter): Promise<ScenarioResult> {
  const config = loadConfig(BaseServiceConfig, {
    SERVICE_NAME: 'trace-e2e',
    PORT: '0',
    AUTH_DEV_ISSUER: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env['DATABASE_URL'],
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    DATABASE_NAME: process.env['TRACE_DATABASE'],
  });
  const ds = await prepareServiceDatabase({
    serverUrl: config.DATABASE_URL,
    database: config.databaseName,
    entities: [OutboxMessageEntity, InboxMessageEntity],
    migrations: [...MESSAGING_MIGRATIONS],
  });
  await ds.query('CREATE TABLE operation_row (id uuid PRIMARY KEY)');

  @Module({ controllers: [OperationsController], providers: [{ provide: DATA_SOURCE, useValue: ds }] })
  class TraceModule {}

  const app = await createServiceApp(TraceModule, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;

  const response = await fetch(`http://127.0.0.1:${port}/operations`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`POST /operations answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };

  // Before the relay runs: the trace context stored with the outbox row.
  const [row] = (await ds.query('SELECT headers FROM outbox WHERE key = $1', [id])) as { headers: Record<string, string> }[];

  let resolveHandled: (v: { traceId: string | null; traceparent: string | null }) => void = () => undefined;
  const handled = new Promise<{ traceId: string | null; traceparent: string | null }>((r) => (resolveHandled = r));
  const consumer = new ConsumerRunner({
    dataSource: ds,
    brokers: config.KAFKA_BROKERS,
    groupId: `trace-e2e-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    handlers: [
      onEvent(OperationChangedEvent, async (event) => {
        resolveHandled({ traceId: trace.getActiveSpan()?.spanContext().traceId ?? null, traceparent: event.traceparent ?? null });
      }),
    ],
  });
  const relay = new OutboxRelay({ dataSource: ds, brokers: config.KAFKA_BROKERS });
  await consumer.start();
  relay.start();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('the consumer never handled the event')), 30_000).unref(),
  );
  const seen = await Promise.race([handled, timeout]);

  await relay.stop();
  await consumer.stop();
  await app.close();
  await ds.destroy().catch(() => undefined);

  const spans = exporter.getFinishedSpans();
  const server =
    spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] !== undefined) ??
    spans.find((s) => s.kind === SpanKind.SERVER);
  if (!server) throw new Error(`no HTTP server span among ${spans.map((s) => s.name).join(', ')}`);
  return {
    httpServerTraceId: server.spanContext().traceId,
    outboxTraceparent: row?.headers['traceparent'] ?? null,
    kafkaTraceparent: seen.traceparent,
    handlerTraceId: seen.traceId,
    spans: spans.map((s) => ({ name: s.name, kind: SpanKind[s.kind], traceId: s.spanContext().traceId })),
  };
}
