import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@wco/auth';
import { MessagingModule, sagaStateGauge } from '@wco/messaging';
import { PersistenceModule } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuditPlanModule } from './audit-plan/audit-plan.module';
import { BudgetModule } from './budget/budget.module';
import { FundingModule } from './funding/funding.module';
import { LedgerModule } from './ledger/ledger.module';
import type { BudgetAuditConfig } from './config/budget-audit.config';
import { SERVICE_SOURCE } from './events/budget-audit-events';
import { BudgetAuditTopics } from './events/budget-audit-topics';
import { EventsModule } from './events/events.module';

export interface AppModuleOptions {
  config: Readonly<BudgetAuditConfig>;
  /** Initialised and migrated (prepareBudgetAuditDatabase). */
  dataSource: DataSource;
  /** Tests route events to their own topics. */
  topics?: BudgetAuditTopics;
  /** Tests that do not consume events may leave the relay out. Default true. */
  relay?: boolean;
  relayPollIntervalMs?: number;
  /** Run the funding saga's consumer group. Default true; tests that do not consume events leave it out. */
  consumeFunding?: boolean;
}

/** `saga_state{saga="funding-commitment"}`: this side of the mission-funding saga, the missions' commitments by status. */
export const FUNDING_COMMITMENT_STATES = sagaStateGauge(
  'funding-commitment',
  `SELECT s.state, count(c.id) AS value
     FROM (VALUES ('pending'), ('posted'), ('voided'), ('expired')) s(state)
     LEFT JOIN commitment c ON c.status = s.state AND c.mission_id IS NOT NULL
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
        EventsModule.forRoot(options.topics),
        MessagingModule.forRoot({
          dataSource: options.dataSource,
          brokers: config.KAFKA_BROKERS,
          source: SERVICE_SOURCE,
          relay:
            options.relay === false
              ? false
              : { clientId: config.SERVICE_NAME, pollIntervalMs: options.relayPollIntervalMs, lingerMs: config.OUTBOX_RELAY_LINGER_MS },
          metrics: { sqlGauges: [FUNDING_COMMITMENT_STATES] },
        }),
        AuditLogModule,
        BudgetModule,
        LedgerModule,
        AuditPlanModule,
        FundingModule.forRoot({
          consume: options.consumeFunding !== false,
          brokers: config.KAFKA_BROKERS,
          security: config.kafkaSecurity,
          groupId: `${config.SERVICE_NAME}.funding`,
        }),
      ],
    };
  }
}
