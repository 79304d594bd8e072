import type { IncomingMessage } from 'node:http';
import { context, propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { EmitBoundContextManager } from './emit-bound-context-manager';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL (e.g. http://otel-collector:4318); traces go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Exports every span as it ends (tests pass an InMemorySpanExporter). */
  spanExporter?: SpanExporter;
}

export interface TelemetryHandle {
  serviceName: string;
  /** Flushes pending spans and stops the SDK. Safe to call twice. */
  shutdown(): Promise<void>;
}

/** Probes and scrapes are not worth a trace each, nor when they pass through the gateway (`/api/<service>/health/...`). */
const QUIET_PATHS = /^(\/api\/[a-z]+)?\/(health\/(live|ready)|metrics)(\?|$)/;

/** Origins whose requests get no client span of their own (see `forwardWithoutClientSpans`). */
const unspannedOrigins = new Set<string>();

/**
 * Requests to these origins (`http://host:port`) get no undici client span: a reverse proxy (the gateway) forwards
 * each request it receives to a service, and the client span of that hop says nothing the proxy's server span and
 * the service's server span do not (they are parent and child: the proxy puts its server span's trace context in
 * the forwarded request itself, see `traceHeaders`). Gateway bench, GET /operations at 16 connections, two runs each:
 * 363 and 390 µs of gateway CPU per request with that span, 337 and 371 µs without.
 */
export function forwardWithoutClientSpans(origins: Iterable<string>): void {
  for (const origin of origins) unspannedOrigins.add(new URL(origin).origin);
}

/**
 * The W3C trace-context (and baggage) headers of the active context, for a request sent without a client span:
 * written into `headers` (a proxy's copy of the request's headers: one object less per request) and returned.
 */
export function traceHeaders<H extends Record<string, unknown>>(headers: H = {} as H): H {
  propagation.inject(context.active(), headers);
  return headers;
}

let current: TelemetryHandle | undefined;

/**
 * Starts OpenTelemetry tracing for the process: HTTP (server and client), undici/fetch, pg, kafkajs and Nest
 * instrumentations, W3C trace-context propagation, `service.name` resource. It must run before those modules
 * are first required (see register.ts), because the instrumentations patch modules as they load.
 * Without an exporter spans are still created, so trace ids reach logs, outbox rows and Kafka headers.
 * Starting twice returns the first handle.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (current) return current;
  const processors: SpanProcessor[] = [];
  if (options.spanExporter) processors.push(new SimpleSpanProcessor({ exporter: options.spanExporter }));
  if (options.otlpEndpoint) {
    processors.push(
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }) }),
    );
  }
  if (processors.length === 0) processors.push(new NoopSpanProcessor());

  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors: processors,
    contextManager: new EmitBoundContextManager(),
    // Metrics are Prometheus (prom-client, /metrics) and logs are JSON lines on stdout: no OTel exporters for them.
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') }),
      // The gateway forwards probes with undici: the forwarded probe is no more worth a trace than the probe itself.
      new UndiciInstrumentation({
        ignoreRequestHook: (request) => QUIET_PATHS.test(request.path) || unspannedOrigins.has(request.origin),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation(),
      new NestInstrumentation(),
    ],
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  const handle: TelemetryHandle = {
    serviceName: options.serviceName,
    shutdown: () => {
      stopping ??= sdk.shutdown().finally(() => {
        if (current === handle) current = undefined;
      });
      return stopping;
    },
  };
  current = handle;
  return handle;
}

/** The running telemetry, if any (to flush it on shutdown). */
export function activeTelemetry(): TelemetryHandle | undefined {
  return current;
}
