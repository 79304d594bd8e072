import { Injectable } from '@nestjs/common';
import {
  FundingPostedEvent,
  FundingRejectedEvent,
  FundingReleasedEvent,
  FundingReservedEvent,
  RecommendationOverdueEvent,
} from '@wco/contracts';
import type { EventContract } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import { BudgetAuditTopics } from './budget-audit-topics';

// Writes the service's own events (the answers of the mission-funding saga, overdue audit recommendations) into the outbox of the caller's
// transaction, so a state change and its event commit together. The audit stream (budget.ledger.v1) is the audit
// log's. Nothing else in the service touches the outbox.

export const SERVICE_SOURCE = '/budget-audit';

@Injectable()
export class BudgetAuditEvents {
  constructor(
    private readonly topics: BudgetAuditTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  fundingReserved(em: EntityManager, data: FundingReservedEvent): Promise<void> {
    return this.add(em, FundingReservedEvent, data.missionId, data);
  }

  fundingRejected(em: EntityManager, data: FundingRejectedEvent): Promise<void> {
    return this.add(em, FundingRejectedEvent, data.missionId, data);
  }

  fundingPosted(em: EntityManager, data: FundingPostedEvent): Promise<void> {
    return this.add(em, FundingPostedEvent, data.missionId, data);
  }

  fundingReleased(em: EntityManager, data: FundingReleasedEvent): Promise<void> {
    return this.add(em, FundingReleasedEvent, data.missionId, data);
  }

  /** Keyed by recommendation id. */
  recommendationOverdue(em: EntityManager, data: RecommendationOverdueEvent): Promise<void> {
    return this.add(em, RecommendationOverdueEvent, data.recommendationId, data);
  }

  private async add<T extends object>(em: EntityManager, contract: EventContract<T>, subject: string, data: T): Promise<void> {
    await this.outbox.add(em, { type: contract.type, topic: this.topics.of(contract.topic as never), subject, data });
  }
}
