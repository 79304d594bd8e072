import { DynamicModule, Module } from '@nestjs/common';
import { ResearchCatalogueEvents } from './research-catalogue-events';
import { ResearchCatalogueTopics } from './research-catalogue-topics';

@Module({})
export class EventsModule {
  static forRoot(topics: ResearchCatalogueTopics = new ResearchCatalogueTopics()): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: ResearchCatalogueTopics, useValue: topics }, ResearchCatalogueEvents],
      exports: [ResearchCatalogueEvents, ResearchCatalogueTopics],
    };
  }
}
