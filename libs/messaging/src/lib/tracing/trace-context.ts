import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The W3C trace context of the active span (empty when no tracing is set up). */
export function captureTraceContext(ctx: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const out: TraceCarrier = {};
  if (carrier['traceparent']) out.traceparent = carrier['traceparent'];
  if (carrier['tracestate']) out.tracestate = carrier['tracestate'];
  return out;
}

export function contextFrom(carrier: TraceCarrier): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Runs a Kafka send with tracing suppressed. The kafkajs instrumentation would otherwise start a span under
 * whatever context is active and overwrite each message's `traceparent` with it; in a batch that mixes events
 * of many traces, that would break every trace but one. We create our own per-message spans under the stored
 * context instead (see OutboxRelay), and the headers we set stay as they are.
 */
export function withoutKafkaInstrumentation<T>(fn: () => Promise<T>): Promise<T> {
  return context.with(suppressTracing(context.active()), fn);
}
