import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MatchFoundEvent, MissionNewsEvent, PublicationNotificationEvent, RequestMovedEvent, Topics } from '@wco/contracts';
import { captureTraceContext, ConsumerRunner, inEventTrace, onEvents } from '@wco/messaging';
import type { HandledEvent } from '@wco/messaging';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayTopics } from '../events/gateway-topics';
import { matchNotification, missionNewsNotification, publicationNotification, requestMovedNotification } from './notification-types';
import type { NewNotification } from './notification-types';
import { NotificationsRepository } from './notifications.repository';

/** Tests that only exercise HTTP leave the consumer out (false). */
export const NOTIFICATIONS_CONSUMER_ENABLED = Symbol('NOTIFICATIONS_CONSUMER_ENABLED');

/**
 * The events meant for Members, turned into notifications with the platform's ConsumerRunner: the inbox makes a
 * redelivered event a no-op, an event that breaks its contract goes to `<topic>.dlq`, and each chunk of events
 * becomes its notifications (and their webhook deliveries) in the transaction that records the chunk in the
 * inbox. On research.publication.v1 only the per-subscriber `notified` events are for Members (released, revised,
 * withdrawn and embargo-lifted are the catalogue's broadcast, which the runner skips: no handler).
 */
/**
 * Each event's notification built in a span of that event's own trace, whose context the notification keeps: its
 * webhook deliveries continue the trace that began with the request upstream.
 */
function traced<T>(events: HandledEvent<T>[], build: (e: HandledEvent<T>) => NewNotification): Promise<NewNotification[]> {
  return Promise.all(events.map((e) => inEventTrace(e, async () => ({ ...build(e), ...captureTraceContext() }))));
}

@Injectable()
export class NotificationsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsConsumer.name);
  private runner?: ConsumerRunner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: GatewayConfig,
    private readonly topics: GatewayTopics,
    private readonly notifications: NotificationsRepository,
    @Inject(NOTIFICATIONS_CONSUMER_ENABLED) private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const topics = [Topics.IntelMatch, Topics.ResearchPublication, Topics.AssistanceMission, Topics.AssistanceRequest].map((t) =>
      this.topics.of(t),
    );
    // A test's own topics get their own group, so runs on a shared broker do not rebalance each other.
    const group = this.config.GATEWAY_NOTIFICATIONS_GROUP;
    const groupId = topics[0] === Topics.IntelMatch ? group : `${group}.${topics[0]}`;
    this.runner = new ConsumerRunner({
      dataSource: this.dataSource,
      brokers: this.config.KAFKA_BROKERS,
      security: this.config.kafkaSecurity,
      groupId,
      clientId: `${this.config.SERVICE_NAME}-notifications`,
      topics,
      fromBeginning: true,
      handlers: [
        onEvents(MatchFoundEvent, async (events, em) => {
          await this.notifications.record(em, await traced(events, (e) => matchNotification(e.data)));
        }),
        onEvents(PublicationNotificationEvent, async (events, em) => {
          await this.notifications.record(em, await traced(events, (e) => publicationNotification(e.data)));
        }),
        onEvents(MissionNewsEvent, async (events, em) => {
          await this.notifications.record(em, await traced(events, (e) => missionNewsNotification(e.data, e.id)));
        }),
        onEvents(RequestMovedEvent, async (events, em) => {
          await this.notifications.record(em, await traced(events, (e) => requestMovedNotification(e.data, e.id)));
        }),
      ],
    });
    await this.runner.start();
    this.logger.log(`consumer group ${groupId} started on ${topics.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }
}
