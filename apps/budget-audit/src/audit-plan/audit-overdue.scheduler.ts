import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BudgetAuditConfig } from '../config/budget-audit.config';
import { AuditFollowUpService } from './audit-follow-up.service';

/**
 * Runs the overdue sweep every AUDIT_FOLLOWUP_INTERVAL_MS in every pod. Pods need no leader: the sweep claims rows
 * FOR UPDATE SKIP LOCKED and marks each episode reported in the same transaction as its event.
 */
@Injectable()
export class AuditOverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditFollowUp');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly followUp: AuditFollowUpService,
    private readonly config: BudgetAuditConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.AUDIT_FOLLOWUP_INTERVAL_MS;
    if (every === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.followUp
        .sweepOverdue()
        .then((n) => n > 0 && this.logger.log(`reported ${n} overdue audit recommendation(s)`))
        .catch((e: unknown) => this.logger.error(`the overdue sweep failed: ${(e as Error).message}`))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
