export { JsonLogger } from './json-logger';
export type { JsonLoggerOptions, JsonLogLevel } from './json-logger';
export { startTelemetry, activeTelemetry } from './telemetry';
export type { TelemetryOptions, TelemetryHandle } from './telemetry';
