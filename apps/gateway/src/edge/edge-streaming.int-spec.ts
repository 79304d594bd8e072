import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase, NodeChild, REPO_ROOT, testInfra } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import { LoopbackUpstream } from './testing/loopback-upstream';

jest.setTimeout(180_000);

const run = promisify(execFile);
const MB = 1024 * 1024;
// Large enough that holding one body would show: the gateway's RSS moves by a fixed ~60 MB (V8 heap and socket
// buffers, measured at 50 MB and at 200 MB alike; up to ~150 MB when the whole suite loads the machine), holding a
// body would add at least its whole size.
const SIZE = 256 * MB;

/** VmRSS of a process, bytes. */
function residentBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) * 1024 : 0;
}

// The gateway runs as its own process (as `npm start` runs it), so that its resident memory is its own and not the
// test's, whose client and upstream handle the same bytes.
describe('gateway edge: large bodies stream through in both directions without being held', () => {
  let upstream: LoopbackUpstream;
  let db: TestDatabase;
  let gateway: NodeChild;
  let base: string;
  let token: string;

  beforeAll(async () => {
    const infra = testInfra();
    upstream = await LoopbackUpstream.start('intel');
    db = await createTestDatabase('gateway_stream');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    base = `http://127.0.0.1:${port}`;
    gateway = new NodeChild({
      label: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      env: {
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: infra.databaseUrl,
        DATABASE_NAME: db.name,
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        AUTH_DEV_ISSUER: 'true',
        LOG_LEVEL: 'warn',
        GATEWAY_UPSTREAM_INTEL: upstream.url,
        GATEWAY_BODY_LIMIT_BYTES: String(2 * SIZE),
      },
      ready: async () => {
        for (;;) {
          if (
            await fetch(`${base}/health/live`).then(
              (r) => r.ok,
              () => false,
            )
          )
            return;
          await new Promise((r) => setTimeout(r, 300));
        }
      },
    });
    await gateway.start(120_000);
    // What `npm run dev-token` runs: the README's one command for a token valid at the gateway and at the services.
    const { stdout } = await run(
      process.execPath,
      ['--require', '@swc-node/register', 'libs/auth/src/dev-token.ts', '--member', 'FR', '--roles', 'member-analyst'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, SWC_NODE_PROJECT: `${REPO_ROOT}/tsconfig.json` },
      },
    );
    token = stdout.trim();
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.drop();
    await upstream?.close();
  });

  it('accepts a token from `npm run dev-token` (the development issuer the gateway and the services share)', async () => {
    expect(token.split('.')).toHaveLength(3);
    const res = await fetch(`${base}/api/intel/items/1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { headers: Record<string, string> }).headers['authorization']).toBe(`Bearer ${token}`);
    expect((await fetch(`${base}/api/intel/items/1`)).status).toBe(401);
  });

  it(`uploads and downloads ${SIZE / MB} MB each while the gateway's RSS grows by less than one body`, async () => {
    const pid = gateway.pid as number;
    const before = residentBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 10);
    const chunk = Buffer.alloc(256 * 1024, 0x63);
    let produced = 0;
    const body = new Readable({
      read() {
        produced += chunk.length;
        this.push(produced > SIZE ? null : chunk);
      },
    });
    const uploaded = await new Promise<{ status: number; json: { bodyBytes: number } }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/api/intel/echo`,
        { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      body.pipe(req);
    });
    const downloaded = await new Promise<number>((resolve, reject) => {
      httpRequest(`${base}/api/intel/download?bytes=${SIZE}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
      })
        .on('error', reject)
        .end();
    });
    clearInterval(sampler);
    expect(uploaded.status).toBe(200);
    expect(uploaded.json.bodyBytes).toBe(SIZE);
    expect(downloaded).toBe(SIZE);
    const growth = peak - before;
    process.stdout.write(
      `edge streaming: ${SIZE / MB} MB up + ${SIZE / MB} MB down through the gateway process, its peak RSS growth ${(growth / MB).toFixed(1)} MB\n`,
    );
    expect(growth).toBeLessThan(SIZE);
  });
});
