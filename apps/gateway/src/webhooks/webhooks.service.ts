import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { GatewayEvents } from '../events/gateway-events';
import { CreateWebhookDto, WebhookView } from './dto/webhook.dto';
import { WebhookEntity } from './webhook.entity';
import { canSeeWebhook, organisationOf } from './webhooks.access';
import { WebhookNotFoundError } from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';

const CREATE_SCOPE = 'gateway:POST /webhooks';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly webhooks: WebhooksRepository,
    private readonly events: GatewayEvents,
  ) {}

  /** The row and its created event in one transaction; a retry with the same Idempotency-Key replays the first answer. */
  async create(caller: Principal, dto: CreateWebhookDto, idempotencyKey?: string): Promise<{ view: WebhookView; replayed: boolean }> {
    const owner = organisationOf(caller);
    const work = async (em: EntityManager): Promise<WebhookView> => {
      const now = new Date();
      const row: WebhookEntity = {
        id: randomUUID(),
        ownerMember: owner,
        createdBy: caller.subject,
        title: dto.title,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await this.webhooks.insert(em, row);
      await this.events.webhookCreated(em, row);
      return toView(row);
    };
    if (!idempotencyKey) return { view: await this.dataSource.transaction(work), replayed: false };
    // The key is scoped to the organisation and user: two users cannot collide, nor replay each other's answers.
    const result = await this.idempotency.execute(`${CREATE_SCOPE}:${owner}:${caller.subject}`, idempotencyKey, dto, async (em) => ({
      status: 201,
      body: await work(em),
    }));
    return { view: result.body, replayed: result.replayed };
  }

  async get(caller: Principal, id: string): Promise<WebhookView> {
    return toView(await this.loadVisible(caller, id));
  }

  /** The one gate of every read: what the caller may not see answers exactly like an id that does not exist. */
  private async loadVisible(caller: Principal, id: string): Promise<WebhookEntity> {
    const row = await this.webhooks.findById(id);
    if (!row || !canSeeWebhook(caller, row)) throw new WebhookNotFoundError(id);
    return row;
  }
}

function toView(row: WebhookEntity): WebhookView {
  return {
    id: row.id,
    ownerMember: row.ownerMember,
    title: row.title,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
