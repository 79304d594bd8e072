import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DELIVERY_CHANNEL } from '../notifications/notifications.repository';
import { WebhookEntity } from './webhook.entity';

export interface DeliveryRow {
  id: string;
  position: string;
  notification_id: string;
  type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  redelivery_of: string | null;
  created_at: Date;
  finished_at: Date | null;
  attempt_log: { attemptedAt: string; statusCode: number | null; latencyMs: number; error: string | null }[];
}

/** A delivery claimed by a worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  attempts: number;
  url: string;
  owner_member: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  notification_id: string;
  member: string;
  seq: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  created_at: Date;
  /** The trace the notification belongs to (the delivery continues it). */
  traceparent: string | null;
  tracestate: string | null;
}

export interface AttemptOutcome {
  attemptedAt: Date;
  statusCode?: number;
  latencyMs: number;
  error?: string;
}

/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL with `[rows, rowCount]`, a SELECT with the rows. */
function updatedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

/** Every SQL statement of the webhooks feature; the service and the worker read as their use cases. */
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

  /** An organisation's endpoints, newest first, after the (createdAt, id) position; one extra row tells of a next page. */
  pageOfOwner(owner: string, after: [string, string] | undefined, limit: number): Promise<WebhookEntity[]> {
    const q = this.dataSource
      .getRepository(WebhookEntity)
      .createQueryBuilder('w')
      .where('w.owner_member = :owner', { owner })
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(limit + 1);
    if (after) q.andWhere('(w.created_at, w.id) < (:at, :id)', { at: after[0], id: after[1] });
    return q.getMany();
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "webhook" WHERE id = $1`, [id]);
  }

  async rotateSecret(id: string, sealed: string, previousSealed: string, previousUntil: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE "webhook" SET secret_sealed = $2, previous_secret_sealed = $3, previous_secret_until = $4, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, sealed, previousSealed, previousUntil],
    );
  }

  /** Active again: its pending deliveries resume in order, new notifications are queued again. */
  async enable(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE "webhook" SET status = 'active', failing_since = NULL, disabled_at = NULL, version = version + 1, updated_at = now()
       WHERE id = $1 AND status = 'disabled'`,
      [id],
    );
    await this.dataSource.query(`SELECT pg_notify($1, '')`, [DELIVERY_CHANNEL]);
  }

  /** The delivery log of an endpoint, newest first, with each delivery's attempts. */
  deliveries(
    webhookId: string,
    beforePosition: number | undefined,
    limit: number,
    deliveryId?: string,
    em: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<DeliveryRow[]> {
    return em.query(
      `SELECT d.id, d.position, d.notification_id, n.type, d.status, d.attempts, d.next_attempt_at, d.redelivery_of, d.created_at, d.finished_at,
              COALESCE((SELECT json_agg(json_build_object('attemptedAt', a.attempted_at, 'statusCode', a.status_code,
                                                          'latencyMs', a.latency_ms, 'error', a.error) ORDER BY a.id)
                        FROM webhook_delivery_attempt a WHERE a.delivery_id = d.id), '[]') AS attempt_log
       FROM webhook_delivery d JOIN notification n ON n.id = d.notification_id
       WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.position < $2) AND ($4::uuid IS NULL OR d.id = $4)
       ORDER BY d.position DESC LIMIT $3`,
      [webhookId, beforePosition ?? null, limit + 1, deliveryId ?? null],
    );
  }

  /**
   * A new delivery of the same notification, queued behind the endpoint's other pending ones, as it stands when
   * queued: it is read in the transaction that inserts it, before any worker can claim it (a worker that claimed it
   * between the commit and a later read would make the answer say `succeeded` for what was just queued).
   */
  async redeliver(webhookId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
    const id = randomUUID();
    const [queued] = await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO webhook_delivery (id, webhook_id, notification_id, redelivery_of)
         SELECT $1, webhook_id, notification_id, id FROM webhook_delivery WHERE id = $2 AND webhook_id = $3`,
        [id, deliveryId, webhookId],
      );
      return this.deliveries(webhookId, undefined, 1, id, em);
    });
    await this.dataSource.query(`SELECT pg_notify($1, '')`, [DELIVERY_CHANNEL]);
    return queued;
  }

  /**
   * Claims the due deliveries of up to `endpoints` endpoints: each endpoint's oldest pending delivery (a pending
   * delivery blocks the later ones of its endpoint: order per endpoint) and up to `batch` - 1 due ones behind it,
   * oldest first, with a lease. FOR UPDATE SKIP LOCKED lets several workers claim at once without taking the same
   * head; the ones behind a head are claimable by nobody else while the head is pending, and the lease keeps the
   * rows from being claimed again while they are sent outside the transaction (a worker that dies lets it run out).
   */
  claimDue(endpoints: number, batch: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT d.id, d.webhook_id, d.position FROM webhook_delivery d JOIN "webhook" w ON w.id = d.webhook_id AND w.status = 'active'
         WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.lease_until IS NULL OR d.lease_until < now())
           AND NOT EXISTS (SELECT 1 FROM webhook_delivery e WHERE e.webhook_id = d.webhook_id AND e.status = 'pending' AND e.position < d.position)
         ORDER BY d.next_attempt_at, d.position
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       ), batch AS (
         SELECT b.id FROM due CROSS JOIN LATERAL (
           SELECT e.id FROM webhook_delivery e
           WHERE e.webhook_id = due.webhook_id AND e.status = 'pending' AND e.position >= due.position AND e.next_attempt_at <= now()
           ORDER BY e.position LIMIT $3
         ) b
       ), claimed AS (
         UPDATE webhook_delivery d SET lease_until = now() + make_interval(secs => $2::double precision / 1000)
         FROM batch WHERE d.id = batch.id
         RETURNING d.id, d.webhook_id, d.notification_id, d.attempts, d.position
       )
       SELECT c.id, c.webhook_id, c.attempts, w.url, w.owner_member, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_until,
              w.failing_since, n.id AS notification_id, n.member, n.seq, n.type, n.subject, n.data, n.created_at,
              n.traceparent, n.tracestate
       FROM claimed c JOIN "webhook" w ON w.id = c.webhook_id JOIN notification n ON n.id = c.notification_id
       ORDER BY c.webhook_id, c.position`,
      [endpoints, leaseMs, batch],
    );
  }

  /** Gives claimed deliveries back unsent (behind a failed one of their endpoint). */
  async releaseLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE webhook_delivery SET lease_until = NULL WHERE id = ANY ($1::uuid[])`, [ids]);
  }

  /**
   * When the next claimable delivery is due (a worker sleeps until then, or until woken): only each endpoint's head
   * counts, since the deliveries behind a head waiting for its retry are not due before it.
   */
  async nextDueAt(): Promise<Date | undefined> {
    const [row]: { at: Date | null }[] = await this.dataSource.query(
      `SELECT min(GREATEST(d.next_attempt_at, COALESCE(d.lease_until, d.next_attempt_at))) AS at
       FROM webhook_delivery d JOIN "webhook" w ON w.id = d.webhook_id AND w.status = 'active'
       WHERE d.status = 'pending'
         AND NOT EXISTS (SELECT 1 FROM webhook_delivery e WHERE e.webhook_id = d.webhook_id AND e.status = 'pending' AND e.position < d.position)`,
    );
    return row.at ?? undefined;
  }

  /**
   * The outcome of one attempt, in one statement (one round trip, atomic): the endpoint's failing state, the
   * delivery finished or rescheduled, the attempt logged. The endpoint row is updated first (the delivery's update
   * waits for it), as DELETE /webhooks/{id} locks it before its deliveries (the cascade), so the two cannot
   * deadlock; an endpoint deleted meanwhile took its deliveries with it: nothing is written.
   */
  async recordAttempt(
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
    next: { status: 'succeeded' } | { status: 'failed' } | { status: 'pending'; retryAt: Date },
  ): Promise<{ failingSince: Date | null; deleted: boolean }> {
    const [row]: { found: boolean; failing_since: Date | null }[] = await this.dataSource.query(
      `WITH w AS (
         UPDATE "webhook" SET failing_since = CASE WHEN $3 THEN NULL ELSE COALESCE(failing_since, $4) END WHERE id = $1 RETURNING failing_since
       ), d AS (
         UPDATE webhook_delivery SET attempts = attempts + 1, status = $5::varchar, lease_until = NULL,
                next_attempt_at = COALESCE($6::timestamptz, next_attempt_at),
                finished_at = CASE WHEN $5::varchar = 'pending' THEN NULL ELSE now() END
         WHERE id = $2 AND EXISTS (SELECT 1 FROM w)
         RETURNING id
       ), a AS (
         INSERT INTO webhook_delivery_attempt (delivery_id, attempted_at, status_code, latency_ms, error)
         SELECT d.id, $4, $7, $8, $9 FROM d
       )
       SELECT EXISTS (SELECT 1 FROM w) AS found, (SELECT failing_since FROM w) AS failing_since`,
      [
        delivery.webhook_id,
        delivery.id,
        next.status === 'succeeded',
        outcome.attemptedAt,
        next.status,
        next.status === 'pending' ? next.retryAt : null,
        outcome.statusCode ?? null,
        outcome.latencyMs,
        outcome.error?.slice(0, 500) ?? null,
      ],
    );
    return { failingSince: row.failing_since, deleted: !row.found };
  }

  /** Disables an endpoint that is still failing since `failingSince`; false if something changed it meanwhile. */
  async disable(em: EntityManager, webhookId: string, failingSince: Date, at: Date): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await em.query(
        `UPDATE "webhook" SET status = 'disabled', disabled_at = $3, version = version + 1, updated_at = now()
         WHERE id = $1 AND status = 'active' AND failing_since = $2 RETURNING id`,
        [webhookId, failingSince, at],
      ),
    );
    return rows.length > 0;
  }
}
