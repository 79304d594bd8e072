import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@wco/auth';
import { MessagingModule } from '@wco/messaging';
import { PersistenceModule } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import type { IntelExchangeConfig } from './config/intel-exchange.config';
import { CorrelationModule } from './correlation/correlation.module';
import { EventsModule } from './events/events.module';
import { SERVICE_SOURCE } from './events/intel-events';
import { IntelTopics } from './events/intel-topics';
import { StixModule } from './stix/stix.module';
import { FeedbackModule } from './feedback/feedback.module';
import { OperationsModule } from './operations/operations.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';

export interface AppModuleOptions {
  config: Readonly<IntelExchangeConfig>;
  /** Initialised and migrated (prepareIntelExchangeDatabase). */
  dataSource: DataSource;
  /** Tests route events to their own topics. */
  topics?: IntelTopics;
  /** Tests that do not consume events may leave the relay out. Default true. */
  relay?: boolean;
  relayPollIntervalMs?: number;
}

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
          security: config.kafkaSecurity,
          source: SERVICE_SOURCE,
          relay:
            options.relay === false
              ? false
              : { clientId: config.SERVICE_NAME, pollIntervalMs: options.relayPollIntervalMs, lingerMs: config.OUTBOX_RELAY_LINGER_MS },
        }),
        OperationsModule,
        ReceiptsModule,
        CorrelationModule,
        ReportsModule,
        FeedbackModule,
        RetentionModule,
        StixModule,
      ],
    };
  }
}
