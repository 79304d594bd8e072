import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

/**
 * A Kafka broker of its own for fault tests (kill -9, restart), so the shared broker the other tests use is never
 * touched. Uses scripts/kafka.sh with its own ports and data folder; the data survives kill9() + restart() as in a
 * real crash.
 */
export class DedicatedBroker {
  private home = '';
  private port = 0;
  private controllerPort = 0;

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  async start(): Promise<void> {
    if (!this.home) {
      this.home = mkdtempSync(join(tmpdir(), 'wco-kafka-'));
      this.port = await freePort();
      this.controllerPort = await freePort();
    }
    await run('bash', [join(ROOT, 'scripts/kafka.sh'), 'start'], {
      env: { ...process.env, KAFKA_HOME_DIR: this.home, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.controllerPort) },
      timeout: 120_000,
    });
  }

  private pid(): number {
    return Number(readFileSync(join(this.home, 'broker.pid'), 'utf8').trim());
  }

  /** Crash the broker the hard way; its log is recovered by restart(). */
  async kill9(): Promise<void> {
    const pid = this.pid();
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`broker pid ${pid} survived SIGKILL`);
  }

  /** Freeze the broker (SIGSTOP): connections stay open and nothing answers, as with a hung JVM. */
  suspend(): void {
    process.kill(this.pid(), 'SIGSTOP');
  }

  /** Thaw a suspended broker (SIGCONT). */
  resume(): void {
    process.kill(this.pid(), 'SIGCONT');
  }

  async restart(): Promise<void> {
    await this.start();
  }

  async stop(): Promise<void> {
    if (!this.home) return;
    await run('bash', [join(ROOT, 'scripts/kafka.sh'), 'stop'], {
      env: { ...process.env, KAFKA_HOME_DIR: this.home, KAFKA_PORT: String(this.port) },
      timeout: 60_000,
    }).catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
    this.home = '';
  }
}
