import { Injectable } from '@nestjs/common';
import { MissionCreatedEvent } from '@wco/contracts';
import { OutboxWriter } from '@wco/messaging';
import type { EntityManager } from 'typeorm';
import type { MissionEntity } from '../missions/mission.entity';
import { AssistanceTopics } from './assistance-topics';

// Maps the service's rows onto the event contracts of @wco/contracts and writes the events into the outbox of the
// caller's transaction, so a state change and its event commit together. Nothing else in the service touches the
// outbox.

export const SERVICE_SOURCE = '/assistance';

@Injectable()
export class AssistanceEvents {
  constructor(
    private readonly topics: AssistanceTopics,
    private readonly outbox: OutboxWriter,
  ) {}

  async missionCreated(em: EntityManager, row: MissionEntity): Promise<void> {
    const data: MissionCreatedEvent = {
      missionId: row.id,
      version: row.version,
      ownerMember: row.ownerMember,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
    };
    await this.outbox.add(em, { type: MissionCreatedEvent.type, topic: this.topics.of(MissionCreatedEvent.topic), subject: row.id, data });
  }
}
