import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A queue an instance works in the background: every `intervalMs()` milliseconds, and at once when `kick()` is called
 * (after a request queued something). One drain at a time: a kick while one runs makes it run once more after it; a
 * failed drain is logged; shutdown stops the next drain and waits for the one in progress. `intervalMs()` = 0: this
 * instance works nothing (neither the timer nor a kick), another does.
 */
export abstract class KickedJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  protected stopped = false;

  protected constructor(
    protected readonly logger: Logger,
    private readonly what: string,
  ) {}

  protected abstract intervalMs(): number;
  /** Works what is due; returns how many items it worked. */
  abstract drain(): Promise<number>;

  onApplicationBootstrap(): void {
    const every = this.intervalMs();
    if (every <= 0) return;
    this.timer = setInterval(() => this.kick(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Works the queue now in the background, unless that is running already (then once more after it). */
  kick(): void {
    if (this.stopped || this.intervalMs() <= 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: unknown) => this.logger.error(`${this.what} failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once no drain of this instance is running and nothing is due. */
  async idle(): Promise<void> {
    for (;;) {
      await this.running;
      if ((await this.drain()) === 0 && !this.running) return;
    }
  }
}
