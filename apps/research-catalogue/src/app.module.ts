import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@wco/auth';
import { MessagingModule } from '@wco/messaging';
import { PersistenceModule } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import { OaiModule } from './oai/oai.module';
import { PublicationsModule } from './publications/publications.module';
import type { ResearchCatalogueConfig } from './config/research-catalogue.config';
import { SERVICE_SOURCE } from './events/research-catalogue-events';
import { ResearchCatalogueTopics } from './events/research-catalogue-topics';
import { EventsModule } from './events/events.module';

export interface AppModuleOptions {
  config: Readonly<ResearchCatalogueConfig>;
  /** Initialised and migrated (prepareResearchCatalogueDatabase). */
  dataSource: DataSource;
  /** Tests route events to their own topics. */
  topics?: ResearchCatalogueTopics;
  /** Tests that do not consume events may leave the relay out. Default true. */
  relay?: boolean;
  relayPollIntervalMs?: number;
}

/** The service's root module: platform wiring first, then one module per feature folder. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ dataSource: options.dataSource }),
        AuthModule.forConfig(config),
        EventsModule.forRoot(options.topics),
        MessagingModule.forRoot({
          dataSource: options.dataSource,
          brokers: config.KAFKA_BROKERS,
          source: SERVICE_SOURCE,
          relay:
            options.relay === false
              ? false
              : { clientId: config.SERVICE_NAME, pollIntervalMs: options.relayPollIntervalMs, lingerMs: config.OUTBOX_RELAY_LINGER_MS },
        }),
        PublicationsModule,
        OaiModule,
      ],
    };
  }
}
