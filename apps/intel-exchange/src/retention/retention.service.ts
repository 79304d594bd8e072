import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { CorrelationService } from '../correlation/correlation.service';
import { IntelEvents } from '../events/intel-events';
import { RetentionRepository } from './retention.repository';
import { tombstoneOf } from './tombstone';

export interface SweepResult {
  purged: string[];
}

/**
 * Purges reports past their retention date: personal data deleted, every version reduced to a tombstone, indicators
 * removed, `report.purged` emitted. Rows are claimed with FOR UPDATE SKIP LOCKED so several replicas can sweep at
 * once without purging a report twice or waiting on each other.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IntelExchangeConfig,
    private readonly correlation: CorrelationService,
    private readonly events: IntelEvents,
    private readonly retention: RetentionRepository,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.RETENTION_SWEEP_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweepAll()
        .catch((e: unknown) => this.logger.error(`retention sweep failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sweeps batch after batch until nothing is due. */
  async sweepAll(today: Date = new Date()): Promise<SweepResult> {
    const purged: string[] = [];
    for (;;) {
      const batch = await this.sweepOnce(today);
      purged.push(...batch.purged);
      if (batch.purged.length < this.config.RETENTION_BATCH_SIZE) return { purged };
    }
  }

  /** One transaction: claim due reports, purge them, emit their events. */
  async sweepOnce(today: Date = new Date()): Promise<SweepResult> {
    return this.dataSource.transaction(async (em) => {
      const due = await this.retention.claimDue(em, today, this.config.RETENTION_BATCH_SIZE);
      const now = new Date();
      for (const report of due) {
        await this.retention.deletePersonalData(em, report.id);
        for (const v of await this.retention.versions(em, report.id)) {
          await this.retention.replaceVersionContent(em, report.id, v.version, tombstoneOf(v.content));
        }
        await this.correlation.forget(em, report.id);
        await this.retention.markPurged(em, report.id, now);
        await this.retention.clearCorrections(em, report.id);
        await this.events.reportPurged(em, report.id, now);
      }
      if (due.length > 0) this.logger.log(`purged ${due.length} report(s) past their retention date`);
      return { purged: due.map((r) => r.id) };
    });
  }
}
