import { Injectable, Logger } from '@nestjs/common';
import { IntervalJob } from '../common/interval-job';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { PublicationsService } from '../publications/publications.service';
import { UsageService } from '../usage/usage.service';

/**
 * Lifts embargoes when their date comes: a timer calls PublicationsService.liftDueEmbargoes, which claims due rows
 * with FOR UPDATE SKIP LOCKED (replicas can all run it) and emits embargo_lifted with the subscribers'
 * notifications in the same transaction. A publication stays hidden until the job has lifted it, so the moment it
 * appears and the moment its event is written are one. The same tick forgets the usage counter's click keys and
 * salts of past days.
 */
@Injectable()
export class EmbargoJob extends IntervalJob {
  constructor(
    private readonly config: ResearchCatalogueConfig,
    private readonly publications: PublicationsService,
    private readonly usage: UsageService,
  ) {
    super(new Logger(EmbargoJob.name), 'embargo job');
  }

  protected intervalMs(): number {
    return this.config.EMBARGO_SWEEP_INTERVAL_MS;
  }

  protected async work(): Promise<void> {
    await this.publications.liftDueEmbargoes();
    await this.usage.purge();
  }
}
