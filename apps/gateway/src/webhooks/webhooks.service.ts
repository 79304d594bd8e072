import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { CursorCodec, decodeTimeIdCursor, encodeTimeIdCursor, ValidationFailedError } from '@wco/http';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayEvents } from '../events/gateway-events';
import type { NotificationType } from '../notifications/notification-types';
import {
  CreateWebhookDto,
  DeliveryPage,
  DeliveryView,
  WebhookPage,
  WebhookView,
  WebhookWithSecretView,
  WebhookListQueryDto,
} from './dto/webhook.dto';
import type { PageQueryDto } from '@wco/http';
import { WebhookSecurity } from './webhook-security';
import { generateWebhookSecret } from './webhook-secrets';
import { checkWebhookTarget, WebhookTargetRefusedError } from './webhook-target';
import { WebhookEntity } from './webhook.entity';
import { canSeeWebhook, organisationOf } from './webhooks.access';
import { DeliveryNotFoundError, WebhookNotFoundError } from './webhooks.errors';
import { DeliveryRow, WebhooksRepository } from './webhooks.repository';

const CREATE_SCOPE = 'gateway:POST /webhooks';
const POSITION_CURSOR = new CursorCodec(['int'] as const);

@Injectable()
export class WebhooksService {
  constructor(
    private readonly security: WebhookSecurity,
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly webhooks: WebhooksRepository,
    private readonly events: GatewayEvents,
    private readonly config: GatewayConfig,
  ) {}

  /** Refuses a URL webhooks may not reach with 400 naming `url` (the worker checks again at each delivery). */
  async checkUrl(url: string): Promise<void> {
    try {
      await checkWebhookTarget(url, this.security.allow);
    } catch (err) {
      if (err instanceof WebhookTargetRefusedError) {
        throw new ValidationFailedError([{ field: 'url', reason: err.message }], { code: 'webhook_url_refused' });
      }
      throw err;
    }
  }

  /**
   * The endpoint, its secret (generated here, returned this once, stored sealed) and its created event in one
   * transaction; a retry with the same Idempotency-Key replays the first answer without the secret's plain text
   * being stored with the key: the replay shows the endpoint and says the secret was shown before.
   */
  async create(
    caller: Principal,
    dto: CreateWebhookDto,
    idempotencyKey?: string,
  ): Promise<{ view: WebhookWithSecretView | WebhookView; replayed: boolean }> {
    await this.checkUrl(dto.url);
    const owner = organisationOf(caller);
    const secret = generateWebhookSecret();
    const work = async (em: EntityManager): Promise<WebhookView> => {
      const now = new Date();
      const row: WebhookEntity = {
        id: randomUUID(),
        ownerMember: owner,
        createdBy: caller.subject,
        title: dto.title,
        url: dto.url,
        eventTypes: dto.eventTypes ?? [],
        secretSealed: this.security.secrets.seal(secret),
        previousSecretSealed: null,
        previousSecretUntil: null,
        status: 'active',
        failingSince: null,
        disabledAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await this.webhooks.insert(em, row);
      await this.events.webhookCreated(em, row);
      return toView(row);
    };
    if (!idempotencyKey) return { view: { ...(await this.dataSource.transaction(work)), secret }, replayed: false };
    // The key is scoped to the organisation and user: two users cannot collide, nor replay each other's answers.
    const result = await this.idempotency.execute(`${CREATE_SCOPE}:${owner}:${caller.subject}`, idempotencyKey, dto, async (em) => ({
      status: 201,
      body: await work(em),
    }));
    return { view: result.replayed ? result.body : { ...result.body, secret }, replayed: result.replayed };
  }

  async get(caller: Principal, id: string): Promise<WebhookView> {
    return toView(await this.loadOwn(caller, id));
  }

  async list(caller: Principal, query: WebhookListQueryDto): Promise<WebhookPage> {
    const after = query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor);
    const rows = await this.webhooks.pageOfOwner(organisationOf(caller), after, query.limit);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toView),
      ...(rows.length > query.limit && last ? { nextCursor: encodeTimeIdCursor(last.createdAt, last.id) } : {}),
    };
  }

  async delete(caller: Principal, id: string): Promise<void> {
    await this.loadOwn(caller, id);
    await this.webhooks.delete(id);
  }

  /** A new secret, shown once; the previous one still signs (a second signature) for the grace period. */
  async rotateSecret(caller: Principal, id: string): Promise<WebhookWithSecretView> {
    const row = await this.loadOwn(caller, id);
    const secret = generateWebhookSecret();
    const until = new Date(Date.now() + this.config.GATEWAY_WEBHOOK_SECRET_GRACE_MS);
    await this.webhooks.rotateSecret(id, this.security.secrets.seal(secret), row.secretSealed, until);
    return { ...toView(await this.loadOwn(caller, id)), secret };
  }

  /** Re-enables an endpoint that was disabled for failing (its URL is checked again). */
  async enable(caller: Principal, id: string): Promise<WebhookView> {
    const row = await this.loadOwn(caller, id);
    await this.checkUrl(row.url);
    await this.webhooks.enable(id);
    return toView(await this.loadOwn(caller, id));
  }

  async deliveries(caller: Principal, id: string, query: PageQueryDto): Promise<DeliveryPage> {
    await this.loadOwn(caller, id);
    const before = query.cursor === undefined ? undefined : POSITION_CURSOR.decode(query.cursor)[0];
    const rows = await this.webhooks.deliveries(id, before, query.limit);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toDeliveryView),
      ...(rows.length > query.limit && last ? { nextCursor: POSITION_CURSOR.encode([Number(last.position)]) } : {}),
    };
  }

  /** Sends a delivery's notification again, as a new delivery queued behind the endpoint's pending ones. */
  async redeliver(caller: Principal, id: string, deliveryId: string): Promise<DeliveryView> {
    await this.loadOwn(caller, id);
    const [existing] = await this.webhooks.deliveries(id, undefined, 1, deliveryId);
    if (!existing) throw new DeliveryNotFoundError(deliveryId);
    const queued = await this.webhooks.redeliver(id, deliveryId);
    if (!queued) throw new DeliveryNotFoundError(deliveryId);
    return toDeliveryView(queued);
  }

  /** The one gate of every route: what the caller may not see answers exactly like an id that does not exist. */
  private async loadOwn(caller: Principal, id: string): Promise<WebhookEntity> {
    const row = await this.webhooks.findById(id);
    if (!row || !canSeeWebhook(caller, row)) throw new WebhookNotFoundError(id);
    return row;
  }
}

function toView(row: WebhookEntity): WebhookView {
  const previousUntil = row.previousSecretUntil && row.previousSecretUntil.getTime() > Date.now() ? row.previousSecretUntil : undefined;
  return {
    id: row.id,
    ownerMember: row.ownerMember,
    title: row.title,
    url: row.url,
    eventTypes: row.eventTypes as NotificationType[],
    status: row.status,
    ...(row.failingSince ? { failingSince: row.failingSince.toISOString() } : {}),
    ...(row.disabledAt ? { disabledAt: row.disabledAt.toISOString() } : {}),
    ...(previousUntil ? { previousSecretValidUntil: previousUntil.toISOString() } : {}),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    notificationId: row.notification_id,
    type: row.type as NotificationType,
    status: row.status,
    attempts: row.attempts,
    ...(row.status === 'pending' ? { nextAttemptAt: row.next_attempt_at.toISOString() } : {}),
    ...(row.redelivery_of ? { redeliveryOf: row.redelivery_of } : {}),
    createdAt: row.created_at.toISOString(),
    ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
    attemptLog: row.attempt_log.map((a) => ({
      attemptedAt: new Date(a.attemptedAt).toISOString(),
      ...(a.statusCode !== null ? { statusCode: a.statusCode } : {}),
      latencyMs: a.latencyMs,
      ...(a.error !== null ? { error: a.error } : {}),
    })),
  };
}
