import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root, found from this file (never from the cwd). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export interface NodeChildOptions {
  label: string;
  /** Entry file relative to the repository root. */
  entry: string;
  env: Record<string, string>;
  /** Load the telemetry register first, as `npm start` does for a service. */
  telemetry?: boolean;
  /** Resolves when the started process is ready (health answered, a line printed). */
  ready: (child: NodeChild) => Promise<unknown>;
  /** Lines printed by the process that matter to the run (the consumer's stats). */
  onLine?: (line: string, incarnation: number) => void;
  /** Lines not kept for the output tail (periodic stats). */
  quiet?: RegExp;
}

/**
 * A TypeScript entry run with swc-node as its own process, restartable: kill9() is the crash, start() brings up a
 * new incarnation with the same environment (and so the same port).
 */
export class NodeChild {
  private proc?: ChildProcess;
  private exit?: Promise<void>;
  private readonly output: string[] = [];
  incarnation = 0;

  constructor(readonly options: NodeChildOptions) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  async start(timeoutMs = 180_000): Promise<void> {
    this.incarnation++;
    const incarnation = this.incarnation;
    const args = [
      '--require',
      '@swc-node/register',
      ...(this.options.telemetry ? ['--require', './libs/telemetry/src/register.ts'] : []),
      this.options.entry,
    ];
    const proc = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'), ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    let exited = false;
    this.exit = new Promise((r) => proc.once('exit', () => ((exited = true), r())));
    let partial = '';
    const keep = (chunk: Buffer): void => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.options.onLine?.(line, incarnation);
        if (!line.trim() || this.options.quiet?.test(line)) continue;
        this.output.push(`[${this.options.label}#${incarnation}] ${line}`);
      }
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    const ready = this.options.ready(this);
    for (;;) {
      const outcome = await Promise.race([
        ready.then(() => 'ready' as const),
        new Promise<'wait'>((r) => setTimeout(() => r('wait'), 250)),
      ]);
      if (outcome === 'ready') return;
      if (exited) throw new Error(`${this.options.label} exited during start-up:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.options.label} not ready within ${timeoutMs} ms:\n${this.tail()}`);
    }
  }

  /** Freeze (SIGSTOP) or thaw (SIGCONT) the process. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    if (this.alive) this.proc?.kill(signal);
  }

  /** The crash: SIGKILL, then wait until the process is gone. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.proc?.kill('SIGKILL');
    await this.exit;
  }

  /** Graceful stop (SIGTERM), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.proc?.kill('SIGKILL'), graceMs);
    this.proc?.kill('SIGTERM');
    await this.exit;
    clearTimeout(timer);
  }
}

/**
 * Polls until `probe` resolves true. On time-out the error says what was awaited (`what`, or what it returns at that
 * moment: the state last seen) and the last error the probe threw, if any, instead of a bare "timed out".
 */
export async function until(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
  everyMs = 200,
): Promise<number> {
  const t0 = Date.now();
  let lastError: unknown;
  for (;;) {
    const passed = await probe().catch((error: unknown) => {
      lastError = error;
      return false;
    });
    if (passed) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) {
      const awaited = typeof what === 'string' ? what : what();
      const cause =
        lastError === undefined ? '' : ` (the probe last threw: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${awaited}${cause}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
