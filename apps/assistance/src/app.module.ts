import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@wco/auth';
import { MessagingModule, sagaStateGauge } from '@wco/messaging';
import { PersistenceModule } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import { AssistanceCoreModule } from './assistance-core.module';
import type { AssistanceConfig } from './config/assistance.config';
import { SERVICE_SOURCE } from './events/assistance-events';
import { AssistanceTopics } from './events/assistance-topics';
import { ExpertsModule } from './experts/experts.module';
import { MissionsModule } from './missions/missions.module';
import { RequestsModule } from './requests/requests.module';
import { ExportsModule } from './exports/exports.module';
import { PortfolioModule } from './portfolio/portfolio.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';

export interface AppModuleOptions {
  config: Readonly<AssistanceConfig>;
  /** Initialised and migrated (prepareAssistanceDatabase). */
  dataSource: DataSource;
  /** Tests route events to their own topics. */
  topics?: AssistanceTopics;
  /** Tests that do not consume events may leave the relay out. Default true. */
  relay?: boolean;
  relayPollIntervalMs?: number;
  /** Run the consumer of budget-audit's funding answers. Default: as `relay`. */
  consumeFunding?: boolean;
  /** Run the scheduler that re-requests unanswered funding. Default: as `consumeFunding`. */
  retryFunding?: boolean;
}

/** `saga_state{saga="mission-funding"}`: this side of the mission-funding saga, missions by funding status. */
export const MISSION_FUNDING_STATES = sagaStateGauge(
  'mission-funding',
  `SELECT s.state, count(m.id) AS value
     FROM (VALUES ('not_requested'), ('pending'), ('funded'), ('rejected'), ('posting'), ('posted'), ('releasing'), ('released')) s(state)
     LEFT JOIN mission m ON m.funding_status = s.state
    GROUP BY s.state`,
);

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
        AssistanceCoreModule.forRoot(
          config,
          options.topics ?? new AssistanceTopics(),
          options.consumeFunding ?? options.relay !== false,
          options.retryFunding ?? options.consumeFunding ?? options.relay !== false,
        ),
        MessagingModule.forRoot({
          dataSource: options.dataSource,
          brokers: config.KAFKA_BROKERS,
          security: config.kafkaSecurity,
          source: SERVICE_SOURCE,
          relay:
            options.relay === false
              ? false
              : { clientId: config.SERVICE_NAME, pollIntervalMs: options.relayPollIntervalMs, lingerMs: config.OUTBOX_RELAY_LINGER_MS },
          metrics: { sqlGauges: [MISSION_FUNDING_STATES] },
        }),
        RequestsModule,
        MissionsModule,
        ExpertsModule,
        ExportsModule,
        PortfolioModule,
        FollowUpsModule,
      ],
    };
  }
}
