import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { ImportJobsService } from './import-jobs.service';

/**
 * Works import jobs in the background: every IMPORT_JOB_INTERVAL_MS, and at once after a job is submitted to this
 * instance, it works chunks (ImportJobsService.workOnce) until no job is due, then deletes finished jobs past their
 * retention. Replicas all run it: a chunk is claimed with a lease, so two never work the same job at once.
 * IMPORT_JOB_INTERVAL_MS = 0: this instance works no import (another does).
 */
@Injectable()
export class ImportJobWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportJobWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly config: ResearchCatalogueConfig,
    private readonly jobs: ImportJobsService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.IMPORT_JOB_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => this.kick(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Works the due jobs now in the background, unless that is running already (then once more after it). */
  kick(): void {
    if (this.stopped || this.config.IMPORT_JOB_INTERVAL_MS <= 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: unknown) => this.logger.error(`import job worker failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Works chunks until none is due (stops between chunks on shutdown); returns how many it worked. */
  async drain(): Promise<number> {
    let n = 0;
    while (!this.stopped && (await this.jobs.workOnce()) === 'worked') n++;
    const purged = await this.jobs.purge();
    if (purged > 0) this.logger.log(`deleted ${purged} import job(s) finished more than ${this.config.IMPORT_JOB_RETENTION_DAYS} days ago`);
    return n;
  }
}
