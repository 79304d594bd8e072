import { Injectable } from '@nestjs/common';
import { WebhookCreatedEvent } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { WebhookEntity } from '../webhooks/webhook.entity';
import { GatewayTopics } from './gateway-topics';

// Maps the service's rows onto the event contracts of @wco/contracts and writes the events into the outbox of the
// caller's transaction, so a state change and its event commit together. Nothing else in the service touches the
// outbox.

export const SERVICE_SOURCE = '/gateway';

@Injectable()
export class GatewayEvents {
  constructor(
    private readonly topics: GatewayTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  async webhookCreated(em: EntityManager, row: WebhookEntity): Promise<void> {
    const data: WebhookCreatedEvent = {
      webhookId: row.id,
      version: row.version,
      ownerMember: row.ownerMember,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
    };
    await this.outbox.add(em, { type: WebhookCreatedEvent.type, topic: this.topics.of(WebhookCreatedEvent.topic), subject: row.id, data });
  }
}
