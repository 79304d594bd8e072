import { Injectable, Logger } from '@nestjs/common';
import { IntervalJob } from '../common/interval-job';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { SearchAids } from './search-aids';

/**
 * Rebuilds the search vocabulary ("did you mean") every SEARCH_VOCABULARY_REFRESH_MS, and once at start; a word of a
 * newly released publication is suggested after the next rebuild, a withdrawn one's is forgotten at it.
 */
@Injectable()
export class SearchVocabularyJob extends IntervalJob {
  constructor(
    private readonly config: ResearchCatalogueConfig,
    private readonly aids: SearchAids,
  ) {
    super(new Logger(SearchVocabularyJob.name), 'search vocabulary rebuild', true);
  }

  protected intervalMs(): number {
    return this.config.SEARCH_VOCABULARY_REFRESH_MS;
  }

  protected work(): Promise<unknown> {
    return this.aids.refreshVocabulary();
  }
}
