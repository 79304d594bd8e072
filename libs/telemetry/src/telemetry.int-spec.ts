import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '../../..');
const run = promisify(execFile);
const childEnv = { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

interface SpanSummary {
  name: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  attributes: Record<string, unknown>;
}

async function spansOf(...args: string[]): Promise<SpanSummary[]> {
  const { stdout } = await run(
    process.execPath,
    ['--require', '@swc-node/register', 'libs/telemetry/src/testing/http-span.fixture.ts', ...args],
    { cwd: root, env: childEnv, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as SpanSummary[];
}

describe('OpenTelemetry start-up (child processes, so http is loaded after the SDK)', () => {
  it('records a server and a client span for an HTTP request, in one trace propagated by traceparent', async () => {
    const spans = await spansOf();
    const server = spans.find((s) => s.kind === 'SERVER');
    const client = spans.find((s) => s.kind === 'CLIENT');
    expect(server).toBeDefined();
    expect(client).toBeDefined();
    expect(server?.service).toBe('telemetry-fixture');
    expect(server?.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': '/reports/42', 'http.response.status_code': 200 });
    // W3C propagation: the server span continues the client's trace as its child.
    expect(server?.traceId).toBe(client?.traceId);
    expect(server?.parentSpanId).toBe(client?.spanId);
  }, 40_000);

  it('records nothing for http when http was loaded before telemetry started (why register.ts must come first)', async () => {
    const spans = await spansOf('--http-first');
    expect(spans.filter((s) => s.kind === 'SERVER' || s.kind === 'CLIENT')).toEqual([]);
  }, 40_000);

  describe('register.ts with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    let collector: Server;
    let child: ChildProcess | undefined;
    const received: { url: string; contentType: string; body: string }[] = [];

    beforeAll(async () => {
      collector = createServer((req: IncomingMessage, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({
            url: req.url ?? '',
            contentType: String(req.headers['content-type']),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    });

    afterAll(async () => {
      child?.kill('SIGKILL');
      await new Promise((r) => collector.close(r));
    });

    it('exports the spans over OTLP/HTTP with the service name, flushing on SIGTERM, then exits', async () => {
      const endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
      const proc = spawn(
        process.execPath,
        [
          '--require',
          '@swc-node/register',
          '--require',
          './libs/telemetry/src/register.ts',
          'libs/telemetry/src/testing/registered-service.fixture.ts',
        ],
        {
          cwd: root,
          env: { ...childEnv, SERVICE_NAME: 'intel-exchange', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child = proc;
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        proc.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        proc.once('exit', (code) => reject(new Error(`fixture exited early (${code}): ${stderr}`)));
      });
      // The batch processor waits up to 5 s; SIGTERM must flush it right away.
      expect(received).toEqual([]);
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        proc.once('exit', (code, signal) => r({ code, signal })),
      );
      proc.kill('SIGTERM');
      const { signal } = await exited;
      expect(signal).toBe('SIGTERM');
      expect(received.length).toBeGreaterThanOrEqual(1);
      expect(received[0].url).toBe('/v1/traces');
      const all = received.map((r) => r.body).join('\n');
      expect(all).toContain('intel-exchange');
      expect(all).toContain('/operations');
    }, 40_000);
  });
});
