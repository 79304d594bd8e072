import { InboxMessageEntity, MESSAGING_MIGRATIONS, OutboxMessageEntity } from '@wco/messaging';
import { CreateIdempotencyKey1732780800000, IdempotencyKeyEntity, prepareServiceDatabase } from '@wco/persistence';
import type { MigrationLog } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import type { AssistanceConfig } from '../config/assistance.config';
import { AssistanceSchema1796155351839 } from '../migrations/1796155351839-assistance-schema';
import { MissionsLogisticsFollowUps1796220072859 } from '../migrations/1796220072859-missions-logistics-follow-ups';

// The service's own tables are read and written with SQL in its repositories; only the platform's have entities.
export const ASSISTANCE_ENTITIES = [OutboxMessageEntity, InboxMessageEntity, IdempotencyKeyEntity];

/** In order: the platform's tables (idempotency keys, outbox and inbox), then the service's own. */
export const ASSISTANCE_MIGRATIONS = [
  CreateIdempotencyKey1732780800000,
  ...MESSAGING_MIGRATIONS,
  AssistanceSchema1796155351839,
  MissionsLogisticsFollowUps1796220072859,
];

/** Creates the service's database when missing, connects and migrates it: done before the app listens. */
export function prepareAssistanceDatabase(config: Readonly<AssistanceConfig>, log?: MigrationLog): Promise<DataSource> {
  return prepareServiceDatabase({
    serverUrl: config.DATABASE_URL,
    database: config.databaseName,
    entities: ASSISTANCE_ENTITIES,
    migrations: ASSISTANCE_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: config.SERVICE_NAME,
    log,
  });
}
