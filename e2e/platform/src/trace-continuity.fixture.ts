/* Runs in a child process: OpenTelemetry must be started before http, pg and kafkajs are loaded (Jest's module
 * loader bypasses the require hooks instrumentations rely on), exactly as libs/telemetry/src/register.ts does for a
 * service. Prints one JSON line with what the scenario observed. */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTelemetry } from '@wco/telemetry';

const exporter = new InMemorySpanExporter();
startTelemetry({ serviceName: 'trace-e2e', spanExporter: exporter });

// Loaded only now, so that the instrumentations see http, pg and kafkajs being required.
const scenario = require('./trace-continuity.scenario') as typeof import('./trace-continuity.scenario');

scenario.runScenario(exporter).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
