import { Injectable } from '@nestjs/common';
import { LedgerCreatedEvent } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { LedgerEntity } from '../ledgers/ledger.entity';
import { BudgetAuditTopics } from './budget-audit-topics';

// Maps the service's rows onto the event contracts of @wco/contracts and writes the events into the outbox of the
// caller's transaction, so a state change and its event commit together. Nothing else in the service touches the
// outbox.

export const SERVICE_SOURCE = '/budget-audit';

@Injectable()
export class BudgetAuditEvents {
  constructor(
    private readonly topics: BudgetAuditTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  async ledgerCreated(em: EntityManager, row: LedgerEntity): Promise<void> {
    const data: LedgerCreatedEvent = {
      ledgerId: row.id,
      version: row.version,
      ownerMember: row.ownerMember,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
    };
    await this.outbox.add(em, { type: LedgerCreatedEvent.type, topic: this.topics.of(LedgerCreatedEvent.topic), subject: row.id, data });
  }
}
