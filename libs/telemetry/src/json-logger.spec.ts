import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { JsonLogger } from './json-logger';
import { logProcessWarningsAsJson } from './process-warnings';
import { startTelemetry, TelemetryHandle } from './telemetry';

describe('JsonLogger', () => {
  let lines: string[];
  let logger: JsonLogger;
  let telemetry: TelemetryHandle;

  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'logger-test', spanExporter: new InMemorySpanExporter() });
  });
  afterAll(() => telemetry.shutdown());

  beforeEach(() => {
    lines = [];
    logger = new JsonLogger({ service: 'intel-exchange', level: 'info', write: (l) => lines.push(l) });
  });

  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON object per line with time, level, service, context and message', () => {
    logger.log('report accepted', 'ReportsService');
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].trim().includes('\n')).toBe(false);
    const [e] = entries();
    expect(e).toMatchObject({ level: 'info', service: 'intel-exchange', context: 'ReportsService', msg: 'report accepted' });
    expect(new Date(e['time'] as string).toString()).not.toBe('Invalid Date');
    expect(e).not.toHaveProperty('trace_id');
  });

  it('includes the trace and span ids of the active span', () => {
    const tracer = trace.getTracer('test');
    let ids: { traceId: string; spanId: string } | undefined;
    tracer.startActiveSpan('handle request', (span) => {
      ids = span.spanContext();
      logger.log({ msg: 'report accepted', reportId: 'r-1' }, 'ReportsService');
      span.end();
    });
    expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(entries()[0]).toMatchObject({ trace_id: ids?.traceId, span_id: ids?.spanId, reportId: 'r-1', msg: 'report accepted' });
  });

  it('drops entries below LOG_LEVEL and keeps the more severe ones', () => {
    logger = new JsonLogger({ service: 's', level: 'warn', write: (l) => lines.push(l) });
    logger.debug('noise');
    logger.log('info');
    logger.warn('slow broker');
    logger.error('publish failed', 'Error: x\n    at y', 'Relay');
    expect(entries().map((e) => e['level'])).toEqual(['warn', 'error']);
    expect(entries()[1]).toMatchObject({ msg: 'publish failed', stack: 'Error: x\n    at y', context: 'Relay' });
  });

  it('serialises an Error message with its stack under err', () => {
    logger.error(new Error('boom'));
    expect(entries()[0]).toMatchObject({ level: 'error', msg: 'boom', err: { name: 'Error', message: 'boom' } });
  });

  it('honours the level list Nest passes through setLogLevels', () => {
    logger.setLogLevels(['error']);
    logger.warn('hidden');
    logger.error('shown');
    expect(entries().map((e) => e['msg'])).toEqual(['shown']);
  });
});

describe('logProcessWarningsAsJson', () => {
  const listeners = process.listeners('warning');
  afterAll(() => {
    process.removeAllListeners('warning');
    for (const l of listeners) process.on('warning', l);
  });

  it('writes a process warning as one JSON warn line instead of Node plain text, each distinct warning once', () => {
    const lines: string[] = [];
    logProcessWarningsAsJson('intel-exchange', (line) => lines.push(line));
    const warning = Object.assign(new Error('-1796164245878 is a negative number.'), { name: 'TimeoutNegativeWarning' });
    process.emit('warning', warning);
    process.emit('warning', warning);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      service: 'intel-exchange',
      context: 'process',
      msg: 'TimeoutNegativeWarning: -1796164245878 is a negative number.',
    });
  });
});
