export {
  createServiceDataSource,
  connectDataSource,
  ensureDatabase,
  runMigrations,
  prepareServiceDatabase,
  databaseUrl,
} from './data-source';
export type { ServiceDataSourceOptions, PrepareDatabaseOptions, MigrationLog } from './data-source';
export { DatabaseUnavailableError } from './database-unavailable.error';
export { VersionedEntity } from './versioned.entity';
export { IdempotencyKeyEntity } from './idempotency/idempotency-key.entity';
export { IdempotencyStore, hashRequest } from './idempotency/idempotency.store';
export type { IdempotencyBegin, IdempotentResponse, IdempotencyStoreOptions } from './idempotency/idempotency.store';
export { InvalidIdempotencyKeyError, IdempotencyKeyReusedError, IdempotencyRequestInProgressError } from './idempotency/idempotency.errors';
export { CreateIdempotencyKey1732780800000 } from './migrations/1732780800000-create-idempotency-key';
export { PersistenceModule, databaseReadinessCheck } from './persistence.module';
export type { PersistenceModuleOptions } from './persistence.module';

import { IdempotencyKeyEntity } from './idempotency/idempotency-key.entity';
import { CreateIdempotencyKey1732780800000 } from './migrations/1732780800000-create-idempotency-key';

/** Add to a service's entity and migration lists to get idempotency-key storage. */
export const persistenceEntities = [IdempotencyKeyEntity];
export const persistenceMigrations = [CreateIdempotencyKey1732780800000];
