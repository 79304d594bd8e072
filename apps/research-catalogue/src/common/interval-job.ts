import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A job an instance runs every `intervalMs()` milliseconds (0: never), one run at a time: a tick while the previous
 * run is still going is skipped, a failed run is logged, and shutdown waits for the run in progress.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  protected constructor(
    protected readonly logger: Logger,
    private readonly what: string,
    private readonly runAtStart = false,
  ) {}

  protected abstract intervalMs(): number;
  protected abstract work(): Promise<unknown>;

  onApplicationBootstrap(): void {
    const every = this.intervalMs();
    if (every <= 0) return;
    if (this.runAtStart) this.tick();
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .catch((e: unknown) => this.logger.error(`${this.what} failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (this.running = undefined));
  }
}
