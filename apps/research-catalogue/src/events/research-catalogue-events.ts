import { Injectable } from '@nestjs/common';
import { PublicationCreatedEvent } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { PublicationEntity } from '../publications/publication.entity';
import { ResearchCatalogueTopics } from './research-catalogue-topics';

// Maps the service's rows onto the event contracts of @wco/contracts and writes the events into the outbox of the
// caller's transaction, so a state change and its event commit together. Nothing else in the service touches the
// outbox.

export const SERVICE_SOURCE = '/research-catalogue';

@Injectable()
export class ResearchCatalogueEvents {
  constructor(
    private readonly topics: ResearchCatalogueTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  async publicationCreated(em: EntityManager, row: PublicationEntity): Promise<void> {
    const data: PublicationCreatedEvent = {
      publicationId: row.id,
      version: row.version,
      ownerMember: row.ownerMember,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
    };
    await this.outbox.add(em, { type: PublicationCreatedEvent.type, topic: this.topics.of(PublicationCreatedEvent.topic), subject: row.id, data });
  }
}
