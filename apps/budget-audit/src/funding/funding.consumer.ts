import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { KafkaSecurityConfig } from '@wco/config';
import { FundingCancelledEvent, FundingCostPostedEvent, FundingRequestedEvent, Topics } from '@wco/contracts';
import { ConsumerRunner, onEvent } from '@wco/messaging';
import { DataSource } from 'typeorm';
import { BudgetAuditTopics } from '../events/budget-audit-topics';
import { FundingService } from './funding.service';

export const FUNDING_CONSUMER_OPTIONS = Symbol('FUNDING_CONSUMER_OPTIONS');

export interface FundingConsumerOptions {
  brokers: string[];
  security?: KafkaSecurityConfig;
  groupId: string;
}

/**
 * Runs the saga's consumer group on assistance.funding.v1 with the app (ConsumerRunner: inbox, retries, DLQ for
 * malformed or invalid events). A small class of its own so that moving to the @EventPattern transport later only
 * replaces this file.
 */
@Injectable()
export class FundingConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FundingConsumer.name);
  private runner?: ConsumerRunner;

  constructor(
    @Inject(FUNDING_CONSUMER_OPTIONS) private readonly options: FundingConsumerOptions,
    private readonly dataSource: DataSource,
    private readonly topics: BudgetAuditTopics,
    private readonly funding: FundingService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topic = this.topics.of(Topics.AssistanceFunding);
    this.runner = new ConsumerRunner({
      dataSource: this.dataSource,
      brokers: this.options.brokers,
      security: this.options.security,
      groupId: this.options.groupId,
      topics: [topic],
      // A request published before the group's first start must still be answered; the inbox dedups replays.
      fromBeginning: true,
      handlers: [
        onEvent(FundingRequestedEvent, (event, em) => this.funding.onRequested(event.data, em)),
        onEvent(FundingCostPostedEvent, (event, em) => this.funding.onCostPosted(event.data, em)),
        onEvent(FundingCancelledEvent, (event, em) => this.funding.onCancelled(event.data, em)),
      ],
    });
    await this.runner.start();
    this.logger.log(`consumer group ${this.options.groupId} started on ${topic}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }
}
