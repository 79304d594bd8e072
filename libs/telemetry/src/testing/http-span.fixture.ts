/*
 * Child process for telemetry.int-spec: starts telemetry with an in-memory exporter, then loads node:http, serves
 * one request to itself and prints the finished spans as JSON. With `--http-first`, http is loaded before
 * telemetry starts (the mistake register.ts exists to prevent).
 */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTelemetry } from '../telemetry';

async function main(): Promise<void> {
  const httpFirst = process.argv.includes('--http-first');
  const early = httpFirst ? await import('node:http') : undefined;
  const exporter = new InMemorySpanExporter();
  const telemetry = startTelemetry({ serviceName: 'telemetry-fixture', spanExporter: exporter });
  const http = early ?? (await import('node:http'));

  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve, reject) =>
    http.get(`http://127.0.0.1:${port}/reports/42?x=1`, (res) => res.resume().on('end', resolve)).on('error', reject),
  );
  await new Promise<void>((r) => server.close(() => r()));
  // The server span ends just after the client has its response: wait for both (at most 2 s).
  for (let i = 0; i < 40 && exporter.getFinishedSpans().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  const spans = exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: SpanKind[s.kind],
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    service: s.resource.attributes['service.name'],
    attributes: s.attributes,
  }));
  await telemetry.shutdown();
  process.stdout.write(`${JSON.stringify(spans)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
