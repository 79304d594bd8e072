import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
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
export class EmbargoJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EmbargoJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: ResearchCatalogueConfig,
    private readonly publications: PublicationsService,
    private readonly usage: UsageService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.EMBARGO_SWEEP_INTERVAL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.publications
        .liftDueEmbargoes()
        .then(() => this.usage.purge())
        .catch((e: unknown) => this.logger.error(`embargo job failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
