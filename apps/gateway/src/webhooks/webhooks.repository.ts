import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { WebhookEntity } from './webhook.entity';

/** Every SQL statement of the webhooks feature; the service reads as its use cases. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the caller's transaction, so the row and its outbox event commit together. */
  async insert(em: EntityManager, row: WebhookEntity): Promise<void> {
    await em.insert(WebhookEntity, row);
  }

  findById(id: string): Promise<WebhookEntity | null> {
    return this.dataSource.getRepository(WebhookEntity).findOneBy({ id });
  }
}
