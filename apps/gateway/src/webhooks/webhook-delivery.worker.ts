import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { contextFrom } from '@wco/messaging';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { ChannelListener } from '../notifications/channel-listener';
import { webhookDisabledNotification } from '../notifications/notification-types';
import { DELIVERY_CHANNEL, NotificationsRepository } from '../notifications/notifications.repository';
import { WebhookSecurity } from './webhook-security';
import { sendWebhook, type SendResult } from './webhook-sender';
import { checkWebhookTarget, WebhookTargetRefusedError } from './webhook-target';
import { ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

/** Longest sleep between two looks at the queue when nothing wakes the worker. */
const IDLE_POLL_MS = 1000;
/** Deliveries of one endpoint claimed at once (sent one after the other; a failure gives the rest back). */
const ENDPOINT_BATCH = 50;

/** The delay before the attempt after `attempts` failed ones, with ±20 % jitter; undefined: give up. */
export function retryDelayMs(schedule: readonly number[], attempts: number, random: () => number = Math.random): number | undefined {
  const base = schedule[attempts - 1];
  if (base === undefined) return undefined;
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random())));
}

/** The JSON body of a delivery, Standard Webhooks' `{type, timestamp, data}`. */
export function webhookPayload(
  d: Pick<ClaimedDelivery, 'type' | 'created_at' | 'notification_id' | 'member' | 'seq' | 'subject' | 'data'>,
): string {
  return JSON.stringify({
    type: d.type,
    timestamp: new Date(d.created_at).toISOString(),
    data: { notificationId: d.notification_id, member: d.member, sequence: Number(d.seq), subject: d.subject, ...d.data },
  });
}

/**
 * Sends the queued webhook deliveries, in every gateway process (GATEWAY_WEBHOOK_WORKER). Each round claims due
 * deliveries (the oldest pending one of each endpoint, FOR UPDATE SKIP LOCKED plus a lease, so several pods share
 * the queue and an endpoint still gets its deliveries one at a time, in order), checks the URL again and connects
 * to the address it just checked, signs with the endpoint's secret (and the previous one during the rotation
 * grace period), and records the attempt. A failure is retried after the configured schedule with jitter; after
 * the last one the delivery is given up and the next one of the endpoint goes. An endpoint failing for
 * GATEWAY_WEBHOOK_DISABLE_AFTER_MS is disabled and its Member gets a `gateway.webhook.disabled` notification.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private readonly schedule: number[];
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private woken = false;
  /** The earliest retry (or given-back delivery) the current round scheduled. */
  private retryDueAt?: Date;
  private readonly listener: ChannelListener;

  constructor(
    private readonly security: WebhookSecurity,
    private readonly dataSource: DataSource,
    private readonly config: GatewayConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly notifications: NotificationsRepository,
  ) {
    this.schedule = config.webhookRetryScheduleMs;
    this.listener = new ChannelListener(dataSource, DELIVERY_CHANNEL, () => this.poke());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.GATEWAY_WEBHOOK_WORKER) return;
    this.running = true;
    await this.listener.ensure().catch((err: Error) => this.logger.warn(`LISTEN failed, polling: ${err.message}`));
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
    await this.listener.stop();
  }

  private noteDue(at: Date): void {
    if (!this.retryDueAt || at < this.retryDueAt) this.retryDueAt = at;
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const leaseMs = this.config.GATEWAY_WEBHOOK_TIMEOUT_MS * 3 + 5000;
    while (this.running) {
      // A round that took all it could may have left due deliveries behind: claim again at once. Otherwise what
      // became due meanwhile woke the worker (NOTIFY), and retries are found by nextDueAt below.
      let full = false;
      let claimedAny = false;
      try {
        this.woken = false;
        this.retryDueAt = undefined;
        const claimed = await this.webhooks.claimDue(this.config.GATEWAY_WEBHOOK_CONCURRENCY, ENDPOINT_BATCH, leaseMs);
        claimedAny = claimed.length > 0;
        const byEndpoint = new Map<string, ClaimedDelivery[]>();
        for (const d of claimed) byEndpoint.set(d.webhook_id, [...(byEndpoint.get(d.webhook_id) ?? []), d]);
        full =
          byEndpoint.size >= this.config.GATEWAY_WEBHOOK_CONCURRENCY || [...byEndpoint.values()].some((q) => q.length >= ENDPOINT_BATCH);
        await Promise.all([...byEndpoint.values()].map((queue) => this.deliverInOrder(queue)));
      } catch (err) {
        this.logger.warn(`webhook delivery round failed: ${(err as Error).message}`);
        await this.sleep(IDLE_POLL_MS);
        continue;
      }
      if (full || this.woken) continue;
      // After a round that sent something, the only deliveries of this worker's that can fall due before a NOTIFY
      // or the next poll are the retries it just scheduled: no need to ask the database.
      const nextDue = claimedAny ? this.retryDueAt : await this.webhooks.nextDueAt().catch(() => undefined);
      const wait = nextDue ? Math.min(IDLE_POLL_MS, Math.max(0, nextDue.getTime() - Date.now())) : IDLE_POLL_MS;
      await this.sleep(wait);
      if (this.running) await this.listener.ensure().catch(() => undefined);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }

  /**
   * An endpoint's claimed deliveries, oldest first, one at a time; after a failure the later ones are given back
   * unsent. A success is recorded while the next one is sent (the sends stay in order; a crash in between sends
   * that one again, which the receiver dedupes by webhook-id, as Standard Webhooks expects).
   */
  private async deliverInOrder(queue: ClaimedDelivery[]): Promise<void> {
    let recording: Promise<boolean> | undefined;
    for (const [i, d] of queue.entries()) {
      if (!this.running) {
        await recording;
        await this.webhooks.releaseLeases(queue.slice(i).map((q) => q.id));
        return;
      }
      // In the trace of the notification's event: the request to the Member's system is the last hop of that trace.
      const attempt = await context.with(
        contextFrom({ traceparent: d.traceparent ?? undefined, tracestate: d.tracestate ?? undefined }),
        () => this.attempt(d),
      );
      if (!attempt.ok) {
        await recording;
        await this.record(d, attempt);
        await this.webhooks.releaseLeases(queue.slice(i + 1).map((q) => q.id));
        if (i + 1 < queue.length) this.noteDue(new Date());
        return;
      }
      // An endpoint deleted meanwhile: stop (its deliveries are gone with it).
      if (recording && !(await recording)) return;
      recording = this.record(d, attempt);
    }
    await recording;
  }

  /** Checks the URL again, signs and sends one delivery. */
  private async attempt(d: ClaimedDelivery): Promise<SendResult & { attemptedAt: Date; ok: boolean }> {
    const attemptedAt = new Date();
    let result: SendResult;
    try {
      const target = await checkWebhookTarget(d.url, this.security.allow);
      const body = webhookPayload(d);
      const msgId = d.notification_id;
      const signatures = [this.sign(d.secret_sealed, msgId, attemptedAt, body)];
      if (d.previous_secret_sealed && d.previous_secret_until && new Date(d.previous_secret_until) > attemptedAt) {
        // A previous secret sealed under a key since replaced cannot sign; the current one still does.
        const previous = this.trySign(d.previous_secret_sealed, msgId, attemptedAt, body);
        if (previous) signatures.push(previous);
      }
      result = await sendWebhook(
        target,
        body,
        {
          'webhook-id': msgId,
          'webhook-timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
          'webhook-signature': signatures.join(' '),
        },
        this.config.GATEWAY_WEBHOOK_TIMEOUT_MS,
      );
    } catch (err) {
      const refused = err instanceof WebhookTargetRefusedError;
      result = { latencyMs: Date.now() - attemptedAt.getTime(), error: refused ? `${err.code}: ${err.message}` : (err as Error).message };
    }
    return { ...result, attemptedAt, ok: result.status !== undefined && result.status >= 200 && result.status < 300 };
  }

  /** Logs the attempt and moves the delivery on (done, retry later, given up); false if the endpoint is gone. */
  private async record(d: ClaimedDelivery, result: SendResult & { attemptedAt: Date; ok: boolean }): Promise<boolean> {
    const { ok, attemptedAt } = result;
    const error = ok
      ? undefined
      : (result.error ?? `answered ${result.status}${result.responseExcerpt ? `: ${result.responseExcerpt.slice(0, 200)}` : ''}`);
    const delay = ok ? undefined : retryDelayMs(this.schedule, d.attempts + 1);
    const next = ok
      ? { status: 'succeeded' as const }
      : delay === undefined
        ? { status: 'failed' as const }
        : { status: 'pending' as const, retryAt: new Date(Date.now() + delay) };
    if (next.status === 'pending') this.noteDue(next.retryAt);
    const { failingSince, deleted } = await this.webhooks.recordAttempt(
      d,
      { attemptedAt, statusCode: result.status, latencyMs: result.latencyMs, error },
      next,
    );
    if (!ok && failingSince && attemptedAt.getTime() - new Date(failingSince).getTime() >= this.config.GATEWAY_WEBHOOK_DISABLE_AFTER_MS) {
      await this.disable(d, new Date(failingSince), attemptedAt);
    }
    return !deleted;
  }

  private sign(sealed: string, msgId: string, at: Date, body: string): string {
    return new Webhook(this.security.secrets.open(sealed)).sign(msgId, at, body);
  }

  private trySign(sealed: string, msgId: string, at: Date, body: string): string | undefined {
    try {
      return this.sign(sealed, msgId, at, body);
    } catch {
      return undefined;
    }
  }

  /** Disables the endpoint and tells its Member, in one transaction (the notice goes to its other endpoints too). */
  private async disable(d: ClaimedDelivery, failingSince: Date, at: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.webhooks.disable(em, d.webhook_id, failingSince, at))) return;
      await this.notifications.record(em, [webhookDisabledNotification(d.owner_member, d.webhook_id, failingSince, at)]);
    });
    this.logger.warn(`webhook ${d.webhook_id} disabled: its deliveries failed since ${failingSince.toISOString()}`);
  }
}
