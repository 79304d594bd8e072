import { DynamicModule, Module } from '@nestjs/common';
import { BudgetAuditEvents } from './budget-audit-events';
import { BudgetAuditTopics } from './budget-audit-topics';

@Module({})
export class EventsModule {
  static forRoot(topics: BudgetAuditTopics = new BudgetAuditTopics()): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: BudgetAuditTopics, useValue: topics }, BudgetAuditEvents],
      exports: [BudgetAuditEvents, BudgetAuditTopics],
    };
  }
}
