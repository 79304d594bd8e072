import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createTestDatabase, TestDatabase, testInfra } from '@wco/testing';

const root = resolve(__dirname, '../../..');

async function closedPort(): Promise<number> {
  return new Promise((r) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => r(port));
    });
  });
}

interface Started {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the fixture service; `onListening` gets the port once it logs that it listens. */
function startFixture(env: Record<string, string>, onListening?: (port: number, stop: () => void) => void): Promise<Started> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--require', '@swc-node/register', 'libs/persistence/src/testing/startup.fixture.ts'], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m && onListening) {
        const cb = onListening;
        onListening = undefined;
        cb(Number(m[1]), () => child.kill('SIGTERM'));
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

describe('service start-up (child processes)', () => {
  const base = { AUTH_DEV_ISSUER: 'true', LOG_LEVEL: 'info' };

  it('stops on a configuration error with one line naming every bad variable, exit 78', async () => {
    const r = await startFixture({ ...base, PORT: 'http', KAFKA_BROKERS: 'nope', DATABASE_URL: testInfra().databaseUrl });
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toEqual([
      'startup-fixture: start-up failed: invalid configuration (2 variables): KAFKA_BROKERS must be a comma-separated list of host:port (e.g. 127.0.0.1:9092,kafka-2:9092) (got "nope") | PORT must be an integer between 0 and 65535 (got "http")',
    ]);
  }, 45_000);

  it('stops when the database server is unreachable, naming host:port and the reason, exit 69', async () => {
    const port = await closedPort();
    const r = await startFixture({ ...base, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` });
    expect(r.code).toBe(69);
    expect(r.stderr.trim()).toBe(
      `startup-fixture: start-up failed: PostgreSQL at 127.0.0.1:${port} is unavailable (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  }, 45_000);

  describe('with a real database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('startup');
    });
    afterAll(() => db.drop());

    it('starts, migrates, answers ready, and shuts down cleanly on SIGTERM', async () => {
      let ready: { status: number; body: { status: string; checks: { name: string; status: string }[] } } | undefined;
      const r = await startFixture(
        { ...base, DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: testInfra().kafkaBrokers.join(',') },
        (port, stop) => {
          void fetch(`http://127.0.0.1:${port}/health/ready`)
            .then(async (res) => {
              ready = {
                status: res.status,
                body: (await res.json()) as typeof ready extends infer T ? (T extends { body: infer B } ? B : never) : never,
              };
            })
            .finally(stop);
        },
      );
      expect(ready?.status).toBe(200);
      expect(ready?.body.checks.map((c) => [c.name, c.status]).sort()).toEqual([
        ['database', 'up'],
        ['kafka', 'up'],
      ]);
      expect(r.signal === 'SIGTERM' || r.code === 0).toBe(true);
      const logs = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; service: string });
      expect(logs.every((l) => l.service === 'startup-fixture')).toBe(true);
      expect(logs.map((l) => l.msg)).toContain('ran 1 migration(s): CreateIdempotencyKey1732780800000');
    }, 45_000);

    it('stops when the Kafka broker is unreachable, naming it, exit 69', async () => {
      const port = await closedPort();
      const r = await startFixture({
        ...base,
        DATABASE_URL: testInfra().databaseUrl,
        DATABASE_NAME: db.name,
        KAFKA_BROKERS: `127.0.0.1:${port}`,
      });
      expect(r.code).toBe(69);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^startup-fixture: start-up failed: Kafka broker unreachable at 127\\.0\\.0\\.1:${port} \\(KAFKA_BROKERS\\): `),
      );
    }, 45_000);
  });
});
