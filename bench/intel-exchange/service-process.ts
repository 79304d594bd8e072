import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@wco/testing';

// Runs the service as a child process, exactly as `npm start` does (swc-node + telemetry registered first), so that
// its resident memory can be read from /proc/<pid>/status and the load generator does not share its event loop.

export const REPO_ROOT = join(__dirname, '..', '..');

/** VmRSS of a process in bytes, or undefined once it is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSample {
  at: number;
  bytes: number;
  phase: string;
}

/** Samples VmRSS every `intervalMs` and labels each sample with the phase the benchmark is in. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  phase = 'boot';
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  sample(): number | undefined {
    const bytes = residentBytes(this.pid);
    if (bytes !== undefined) this.samples.push({ at: Date.now(), bytes, phase: this.phase });
    return bytes;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  peak(phases: readonly string[]): number {
    return this.samples.filter((s) => phases.includes(s.phase)).reduce((max, s) => Math.max(max, s.bytes), 0);
  }

  /** The median over a phase: what the process holds when nothing happens. */
  median(phase: string): number {
    const values = this.samples
      .filter((s) => s.phase === phase)
      .map((s) => s.bytes)
      .sort((a, b) => a - b);
    return values.length ? values[Math.floor(values.length / 2)] : 0;
  }
}

export interface ServiceOptions {
  /** Entry file, relative to the repository root. */
  entry: string;
  label: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
}

export class ServiceProcess {
  private readonly output: string[] = [];
  private exited?: { code: number | null; signal: NodeJS.Signals | null };
  readonly sampler: RssSampler;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly bootMs: number,
  ) {
    this.sampler = new RssSampler(child.pid!);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last lines the service printed (for error reports). */
  tail(lines = 30): string {
    return this.output.slice(-lines).join('\n');
  }

  static async start(options: ServiceOptions): Promise<ServiceProcess> {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--require', '@swc-node/register', '--require', './libs/telemetry/src/register.ts', options.entry],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
          SERVICE_NAME: 'intel-exchange',
          HOST: '127.0.0.1',
          PORT: String(port),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const service = new ServiceProcess(options.label, child, `http://127.0.0.1:${port}`, 0);
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) service.output.push(line);
      if (service.output.length > 500) service.output.splice(0, service.output.length - 500);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      service.exited = { code, signal };
    });
    service.sampler.start();

    const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
    for (;;) {
      if (service.exited) {
        throw new Error(
          `${options.label}: the service exited during start-up (code ${service.exited.code}, signal ${service.exited.signal}):\n${service.tail()}`,
        );
      }
      try {
        const res = await fetch(`${service.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await service.stop();
        throw new Error(`${options.label}: not ready within ${options.readyTimeoutMs ?? 180_000} ms:\n${service.tail()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    Object.assign(service, { bootMs: performance.now() - started });
    return service;
  }

  get running(): boolean {
    return !this.exited;
  }

  async stop(): Promise<void> {
    this.sampler.stop();
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }
}

let clockTicks: number | undefined;

/** CPU time (user + system, all threads) a process has used, in seconds; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** CPU seconds used by a set of processes between two snapshots (processes that appeared count from zero). */
export function cpuDelta(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const s = cpuSeconds(pid);
    if (s !== undefined) out.set(pid, s);
  }
  return out;
}
