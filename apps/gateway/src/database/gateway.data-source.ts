import { InboxMessageEntity, MESSAGING_MIGRATIONS, OutboxMessageEntity } from '@wco/messaging';
import { CreateIdempotencyKey1732780800000, IdempotencyKeyEntity, prepareServiceDatabase } from '@wco/persistence';
import type { MigrationLog } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import { NotificationEntity } from '../notifications/notification.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';
import type { GatewayConfig } from '../config/gateway.config';
import { GatewaySchema1796162989859 } from '../migrations/1796162989859-gateway-schema';
import { NotificationDelivery1796170000000 } from '../migrations/1796170000000-notification-delivery';
import { NotificationTraceContext1796170000001 } from '../migrations/1796170000001-notification-trace-context';
import { RateLimitCounters1796170000002 } from '../migrations/1796170000002-rate-limit-counters';

export const GATEWAY_ENTITIES = [WebhookEntity, NotificationEntity, OutboxMessageEntity, InboxMessageEntity, IdempotencyKeyEntity];

/** In order: the platform's tables (idempotency keys, outbox and inbox), then the service's own. */
export const GATEWAY_MIGRATIONS = [
  CreateIdempotencyKey1732780800000,
  ...MESSAGING_MIGRATIONS,
  GatewaySchema1796162989859,
  NotificationDelivery1796170000000,
  NotificationTraceContext1796170000001,
  RateLimitCounters1796170000002,
];

/** Creates the service's database when missing, connects and migrates it: done before the app listens. */
export function prepareGatewayDatabase(config: Readonly<GatewayConfig>, log?: MigrationLog): Promise<DataSource> {
  return prepareServiceDatabase({
    serverUrl: config.DATABASE_URL,
    database: config.databaseName,
    entities: GATEWAY_ENTITIES,
    migrations: GATEWAY_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: config.SERVICE_NAME,
    log,
  });
}
