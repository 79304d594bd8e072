import { Injectable, Logger } from '@nestjs/common';
import { KickedJob } from '../common/kicked-job';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { ImportJobsService } from './import-jobs.service';

/**
 * Works import jobs in the background: every IMPORT_JOB_INTERVAL_MS, and at once after a job is submitted to this
 * instance, it works chunks (ImportJobsService.workOnce) until no job is due, then deletes finished jobs past their
 * retention. Replicas all run it: a chunk is claimed with a lease, so two never work the same job at once.
 * IMPORT_JOB_INTERVAL_MS = 0: this instance works no import (another does).
 */
@Injectable()
export class ImportJobWorker extends KickedJob {
  constructor(
    private readonly config: ResearchCatalogueConfig,
    private readonly jobs: ImportJobsService,
  ) {
    super(new Logger(ImportJobWorker.name), 'import job worker');
  }

  protected intervalMs(): number {
    return this.config.IMPORT_JOB_INTERVAL_MS;
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
