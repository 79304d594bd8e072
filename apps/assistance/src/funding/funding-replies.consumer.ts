import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FundingPostedEvent, FundingRejectedEvent, FundingReleasedEvent, FundingReservedEvent, Topics } from '@wco/contracts';
import { ConsumerRunner, onEvent } from '@wco/messaging';
import { DataSource } from 'typeorm';
import { AssistanceConfig } from '../config/assistance.config';
import { AssistanceTopics } from '../events/assistance-topics';
import { MissionLifecycle } from '../missions/mission-lifecycle';

export const FUNDING_CONSUMER_GROUP = 'assistance.funding-replies';

/** Set to false (tests of the HTTP side only) to leave the consumer out. */
export const FUNDING_CONSUMER_ENABLED = Symbol('FUNDING_CONSUMER_ENABLED');

/**
 * budget-audit's answers in the mission-funding saga, consumed with the platform's ConsumerRunner: the inbox makes
 * a redelivered answer a no-op, a payload that breaks its contract goes to budget.funding.v1.dlq, and the
 * lifecycle only moves a mission from the status the answer is for. A small class of its own so that it moves to
 * the @EventPattern transport in one place when that lands.
 */
@Injectable()
export class FundingRepliesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FundingRepliesConsumer.name);
  private runner?: ConsumerRunner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AssistanceConfig,
    private readonly topics: AssistanceTopics,
    private readonly lifecycle: MissionLifecycle,
    private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const at = () => new Date();
    const topic = this.topics.of(Topics.BudgetFunding);
    // A test's own topic gets its own group, so that runs on a shared broker do not rebalance each other.
    const groupId = topic === Topics.BudgetFunding ? FUNDING_CONSUMER_GROUP : `${FUNDING_CONSUMER_GROUP}.${topic}`;
    this.runner = new ConsumerRunner({
      dataSource: this.dataSource,
      brokers: this.config.KAFKA_BROKERS,
      security: this.config.kafkaSecurity,
      groupId,
      clientId: `${this.config.SERVICE_NAME}-funding`,
      topics: [topic],
      fromBeginning: true,
      handlers: [
        onEvent(FundingReservedEvent, (e, em) => this.lifecycle.onFundingReserved(em, e.data.missionId, at())),
        onEvent(FundingRejectedEvent, (e, em) => this.lifecycle.onFundingRejected(em, e.data.missionId, e.data.reason, at())),
        onEvent(FundingPostedEvent, (e, em) => this.lifecycle.onFundingPosted(em, e.data.missionId, at())),
        onEvent(FundingReleasedEvent, (e, em) => this.lifecycle.onFundingReleased(em, e.data.missionId, at())),
      ],
    });
    await this.runner.start();
    this.logger.log(`consumer group ${groupId} started on ${topic}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }
}
