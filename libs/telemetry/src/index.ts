export { JsonLogger } from './json-logger';
export { logProcessWarningsAsJson } from './process-warnings';
export type { JsonLoggerOptions, JsonLogLevel } from './json-logger';
export { startTelemetry, activeTelemetry, forwardWithoutClientSpans, traceHeaders } from './telemetry';
export type { TelemetryOptions, TelemetryHandle } from './telemetry';
