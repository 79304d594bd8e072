import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AUDIT_LOG_CONFIG } from './audit-log.constants';
import type { AuditLogConfig } from './audit-log.config';
import { AuditLogService } from './audit-log.service';

/**
 * Signs a tree head every AUDIT_TREE_HEAD_INTERVAL_MS when entries arrived since the last one, and runs the sequencer
 * every AUDIT_SEQUENCER_POLL_MS for queued records no request waits for.
 */
@Injectable()
export class TreeHeadScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditLog');
  private timer?: NodeJS.Timeout;
  private poll?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly log: AuditLogService,
    @Inject(AUDIT_LOG_CONFIG) private readonly config: Readonly<AuditLogConfig>,
  ) {}

  onApplicationBootstrap(): void {
    const poll = this.config.AUDIT_SEQUENCER_POLL_MS;
    if (poll > 0) {
      this.poll = setInterval(() => {
        this.log.integrate().catch((e: unknown) => this.logger.error(`integrating audit records failed: ${(e as Error).message}`));
      }, poll);
      this.poll.unref();
    }
    const every = this.config.AUDIT_TREE_HEAD_INTERVAL_MS;
    if (every === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.log
        .signNow()
        .catch((e: unknown) => this.logger.error(`signing a tree head failed: ${(e as Error).message}`))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.poll) clearInterval(this.poll);
    await this.running;
    // What was committed before shutdown goes into the log now rather than at the next start.
    await this.log.integrate().catch((e: unknown) => this.logger.error(`integrating audit records failed: ${(e as Error).message}`));
  }
}
