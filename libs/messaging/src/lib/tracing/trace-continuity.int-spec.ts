import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { dlqTopicOf, ReportSubmittedEvent } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import type { DataSource } from 'typeorm';
import { collectTopic, messagingDataSource, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';
import { ConsumerRunner, onEvent } from '../consumer/consumer-runner';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';

jest.setTimeout(60_000);

const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

describe('trace continuity: outbox row -> Kafka message -> consumer handler (in-memory span exporter)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('trace');
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    db = await createTestDatabase('trace');
    ds = await messagingDataSource(db.url);
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 2 },
      { topic: dlqTopicOf(topic), numPartitions: 1 },
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('keeps one trace id per request through the outbox, the broker and the consumer, even within one relay batch', async () => {
    const writer = new OutboxWriter('/intel-exchange');
    const tracer = trace.getTracer('test-http');
    // Two "requests", each its own trace, whose events leave in the same relay batch.
    const requests = await Promise.all(
      [randomUUID(), randomUUID()].map((reportId) =>
        tracer.startActiveSpan('POST /reports', { kind: SpanKind.SERVER }, async (span) => {
          const eventId = await ds.transaction((m) =>
            writer.add(m, { type: REPORT_SUBMITTED, subject: reportId, data: reportSubmitted(reportId, 1), topic }),
          );
          span.end();
          return { reportId, eventId, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
        }),
      ),
    );
    expect(requests[0].traceId).not.toBe(requests[1].traceId);

    const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers });
    expect(await relay.drain()).toBe(2);
    await relay.stop();

    const handled = new Map<string, string>();
    const runner = new ConsumerRunner({
      dataSource: ds,
      brokers: kafkaBrokers,
      groupId: `g-${randomUUID()}`,
      topics: [topic],
      handlers: [
        onEvent(ReportSubmittedEvent, async (e) => {
          handled.set(e.data.reportId, trace.getActiveSpan()?.spanContext().traceId ?? 'none');
        }),
      ],
    });
    await runner.start();
    try {
      await waitFor(() => handled.size === 2, 20_000, 'both events handled');
    } finally {
      await runner.stop();
    }
    const messages = await collectTopic(kafkaBrokers, topic, (c) => c.length >= 2, 10_000);
    const spans = exporter.getFinishedSpans();

    for (const r of requests) {
      const msg = messages.find((m) => m.event?.id === r.eventId);
      expect(traceIdOf(msg?.event?.traceparent)).toBe(r.traceId);
      expect(handled.get(r.reportId)).toBe(r.traceId);

      const publish = spans.find((s) => s.name === `publish ${topic}` && s.attributes['messaging.message.id'] === r.eventId);
      expect(publish?.spanContext().traceId).toBe(r.traceId);
      expect(publish?.parentSpanContext?.spanId).toBe(r.spanId);
      expect(publish?.kind).toBe(SpanKind.PRODUCER);
      // The message carries the publish span, so the consumer's span hangs under it.
      expect(msg?.event?.traceparent?.split('-')[2]).toBe(publish?.spanContext().spanId);
      const processSpan = spans.find((s) => s.name === `process ${topic}` && s.attributes['messaging.message.id'] === r.eventId);
      expect(processSpan?.spanContext().traceId).toBe(r.traceId);
      expect(processSpan?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    }
  });
});
