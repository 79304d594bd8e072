import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssistanceConfig } from './config/assistance.config';
import { AssistanceEvents } from './events/assistance-events';
import { AssistanceTopics } from './events/assistance-topics';
import { ExpertsRepository } from './experts/experts.repository';
import { FUNDING_CONSUMER_ENABLED, FundingRepliesConsumer } from './funding/funding-replies.consumer';
import { FUNDING_RETRIES_ENABLED, FundingRetryScheduler } from './funding/funding-retry.scheduler';
import { MissionLifecycle } from './missions/mission-lifecycle';
import { MissionsRepository } from './missions/missions.repository';
import { RequestsRepository } from './requests/requests.repository';

/**
 * What every feature of the service shares: its configuration, topics, event writer, repositories, the missions'
 * lifecycle (moved by the request workflow and by budget-audit's answers) and the consumer of those answers.
 */
@Module({})
export class AssistanceCoreModule {
  static forRoot(
    config: Readonly<AssistanceConfig>,
    topics: AssistanceTopics,
    consumeFunding: boolean,
    retryFunding: boolean = consumeFunding,
  ): DynamicModule {
    const shared = [
      AssistanceConfig,
      AssistanceTopics,
      AssistanceEvents,
      RequestsRepository,
      MissionsRepository,
      ExpertsRepository,
      MissionLifecycle,
      FundingRetryScheduler,
    ];
    return {
      module: AssistanceCoreModule,
      global: true,
      providers: [
        { provide: AssistanceConfig, useValue: config },
        { provide: AssistanceTopics, useValue: topics },
        { provide: FUNDING_CONSUMER_ENABLED, useValue: consumeFunding },
        { provide: FUNDING_RETRIES_ENABLED, useValue: retryFunding },
        AssistanceEvents,
        RequestsRepository,
        MissionsRepository,
        ExpertsRepository,
        MissionLifecycle,
        {
          provide: FundingRepliesConsumer,
          useFactory: (ds: DataSource, c: AssistanceConfig, t: AssistanceTopics, l: MissionLifecycle, enabled: boolean) =>
            new FundingRepliesConsumer(ds, c, t, l, enabled),
          inject: [DataSource, AssistanceConfig, AssistanceTopics, MissionLifecycle, FUNDING_CONSUMER_ENABLED],
        },
        {
          provide: FundingRetryScheduler,
          useFactory: (ds: DataSource, c: AssistanceConfig, r: MissionsRepository, l: MissionLifecycle, e: AssistanceEvents, on: boolean) =>
            new FundingRetryScheduler(ds, c, r, l, e, on),
          inject: [DataSource, AssistanceConfig, MissionsRepository, MissionLifecycle, AssistanceEvents, FUNDING_RETRIES_ENABLED],
        },
      ],
      exports: shared,
    };
  }
}
