/*
 * Loaded with `node --require @wco/telemetry/register` (or the file path) BEFORE the service's code, so that http,
 * pg and kafkajs are patched when Nest first requires them. This is the one place that reads the environment
 * directly: it runs before configuration is parsed.
 */
import { logProcessWarningsAsJson } from './process-warnings';
import { startTelemetry } from './telemetry';

const serviceName = process.env['SERVICE_NAME'] || 'wco-service';
logProcessWarningsAsJson(serviceName);

const handle = startTelemetry({
  serviceName,
  otlpEndpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined,
});

// Flush pending spans on SIGTERM. If nothing else handles the signal (no Nest shutdown hooks), re-raise it once
// flushed so the process still terminates as the signal asks.
process.once('SIGTERM', () => {
  void handle.shutdown().finally(() => {
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
});
