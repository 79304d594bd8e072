import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';

export type JsonLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'verbose';

const SEVERITY: Record<JsonLogLevel, number> = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, verbose: 5 };
const FROM_NEST: Record<NestLogLevel, JsonLogLevel> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

export interface JsonLoggerOptions {
  service: string;
  /** Entries less severe than this are dropped (LOG_LEVEL). Default `info`. */
  level?: JsonLogLevel;
  /** Default context when a call gives none. */
  context?: string;
  /** Where each line goes; default process.stdout. */
  write?: (line: string) => void;
}

/**
 * Nest `LoggerService` writing one JSON object per line: time, level, service, context, msg, trace_id and span_id
 * of the active span (so a log line leads to its trace), plus any fields passed as an object.
 *
 *   logger.log('report accepted', 'ReportsService')
 *   logger.log({ msg: 'report accepted', reportId }, 'ReportsService')
 */
export class JsonLogger implements LoggerService {
  private threshold: number;
  private enabled: Set<JsonLogLevel> | undefined;
  private readonly write: (line: string) => void;

  constructor(private readonly options: JsonLoggerOptions) {
    this.threshold = SEVERITY[options.level ?? 'info'];
    this.write = options.write ?? ((line) => process.stdout.write(line));
  }

  /** A logger with the same settings and a fixed default context. */
  child(context: string): JsonLogger {
    return new JsonLogger({ ...this.options, context, write: this.write, level: this.levelName() });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params);
  }
  info(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }
  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params, true);
  }

  /** Nest's `app.useLogger` / `Logger.overrideLogger` pass an explicit list of enabled levels. */
  setLogLevels(levels: NestLogLevel[]): void {
    this.enabled = new Set(levels.map((l) => FROM_NEST[l]));
  }

  isEnabled(level: JsonLogLevel): boolean {
    return this.enabled ? this.enabled.has(level) && SEVERITY[level] <= this.threshold : SEVERITY[level] <= this.threshold;
  }

  private levelName(): JsonLogLevel {
    return (Object.keys(SEVERITY) as JsonLogLevel[]).find((l) => SEVERITY[l] === this.threshold) ?? 'info';
  }

  private emit(level: JsonLogLevel, message: unknown, params: unknown[], mayHaveStack = false): void {
    if (!this.isEnabled(level)) return;
    const rest = [...params];
    let context = this.options.context;
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') context = rest.pop() as string;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.options.service,
      context,
    };
    if (message instanceof Error) {
      entry['msg'] = message.message;
      entry['err'] = { name: message.name, message: message.message, stack: message.stack };
    } else if (message !== null && typeof message === 'object') {
      const { msg, message: text, ...fields } = message as Record<string, unknown>;
      Object.assign(entry, fields);
      entry['msg'] = msg ?? text ?? '';
    } else {
      entry['msg'] = String(message);
    }
    if (mayHaveStack && typeof rest[0] === 'string') entry['stack'] = rest.shift();
    for (const extra of rest) {
      if (extra instanceof Error) entry['err'] = { name: extra.name, message: extra.message, stack: extra.stack };
      else if (extra !== null && typeof extra === 'object') Object.assign(entry, extra);
    }
    const spanContext = trace.getActiveSpan()?.spanContext();
    if (spanContext && isSpanContextValid(spanContext)) {
      entry['trace_id'] = spanContext.traceId;
      entry['span_id'] = spanContext.spanId;
    }
    this.write(`${safeStringify(entry)}\n`);
  }
}

function safeStringify(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return JSON.stringify({ ...value, msg: String(value['msg']), fields_dropped: 'not serialisable' });
  }
}
