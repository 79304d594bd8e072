import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { SearchAids } from './search-aids';

/**
 * Rebuilds the search vocabulary ("did you mean") every SEARCH_VOCABULARY_REFRESH_MS, and once at start; a word of a
 * newly released publication is suggested after the next rebuild, a withdrawn one's is forgotten at it.
 */
@Injectable()
export class SearchVocabularyJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchVocabularyJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: ResearchCatalogueConfig,
    private readonly aids: SearchAids,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.SEARCH_VOCABULARY_REFRESH_MS;
    if (every <= 0) return;
    const run = () => {
      if (this.running) return;
      this.running = this.aids
        .refreshVocabulary()
        .catch((e: unknown) => this.logger.error(`search vocabulary rebuild failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
