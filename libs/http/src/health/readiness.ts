import { Injectable } from '@nestjs/common';

/** One dependency the service needs to serve traffic, e.g. `database` (SELECT 1) or `kafka` (describeCluster). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; rejects (with a reason) when not. */
  check(): Promise<unknown>;
  /** Default 3000 ms: a probe must answer before Kubernetes gives up on it. */
  timeoutMs?: number;
}

export interface CheckResult {
  name: string;
  status: 'up' | 'down';
  durationMs: number;
  reason?: string;
}

/** Readiness checks of the running app: given to createServiceApp, or registered by modules at init. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  list(): ReadinessCheck[] {
    return [...this.checks.values()];
  }

  async run(): Promise<CheckResult[]> {
    return Promise.all(this.list().map((c) => runOne(c)));
  }
}

async function runOne(c: ReadinessCheck): Promise<CheckResult> {
  const started = performance.now();
  const timeoutMs = c.timeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: c.name, status: 'up', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      name: c.name,
      status: 'down',
      durationMs: Math.round(performance.now() - started),
      reason: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
