import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { CorrelationService } from '../correlation/correlation.service';
import { IntelEvents } from '../events/intel-events';
import type { ReportContent } from '../reports/report-version.entity';
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
      const due: { id: string; originator_member: string }[] = await em.query(
        `SELECT id, originator_member FROM report
          WHERE purged_at IS NULL AND retention_until < $1::date
          ORDER BY retention_until, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [today.toISOString().slice(0, 10), this.config.RETENTION_BATCH_SIZE],
      );
      const now = new Date();
      for (const report of due) {
        await em.query(`DELETE FROM restricted.report_personal_data WHERE report_id = $1`, [report.id]);
        const versions: { version: number; content: ReportContent }[] = await em.query(
          `SELECT version, content FROM report_version WHERE report_id = $1`,
          [report.id],
        );
        for (const v of versions) {
          await em.query(`UPDATE report_version SET content = $3::jsonb WHERE report_id = $1 AND version = $2`, [
            report.id,
            v.version,
            JSON.stringify(tombstoneOf(v.content)),
          ]);
        }
        await this.correlation.forget(em, report.id);
        await em.query(
          `UPDATE report SET purged_at = $2, personal_data_released_to = '{}', hs_codes = '{}', updated_at = $2 WHERE id = $1`,
          [report.id, now.toISOString()],
        );
        await em.query(`UPDATE report_correction SET changes = '{}'::jsonb, comment = NULL WHERE report_id = $1`, [report.id]);
        await this.events.reportPurged(em, report.id, now);
      }
      if (due.length > 0) this.logger.log(`purged ${due.length} report(s) past their retention date`);
      return { purged: due.map((r) => r.id) };
    });
  }
}
