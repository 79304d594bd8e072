import { InboxMessageEntity, MESSAGING_MIGRATIONS, OutboxMessageEntity } from '@wco/messaging';
import { CreateIdempotencyKey1732780800000, IdempotencyKeyEntity, prepareServiceDatabase } from '@wco/persistence';
import type { MigrationLog } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import type { BudgetAuditConfig } from '../config/budget-audit.config';
import { BudgetLedgerSchema1796155350402 } from '../migrations/1796155350402-budget-ledger-schema';
import { Virements1796155350404 } from '../migrations/1796155350404-virements';
import { AuditLog1796155400000 } from '../audit-log/migrations/1796155400000-audit-log';
import { AuditLogQueue1796155500000 } from '../audit-log/migrations/1796155500000-audit-log-queue';
import { AuditPlan1796155600000 } from '../migrations/1796155600000-audit-plan';
import { AccountStatus1796155700000 } from '../migrations/1796155700000-account-status';

export const BUDGET_AUDIT_ENTITIES = [OutboxMessageEntity, InboxMessageEntity, IdempotencyKeyEntity];

/** In order: the platform's tables (idempotency keys, outbox and inbox), then the service's own. */
export const BUDGET_AUDIT_MIGRATIONS = [
  CreateIdempotencyKey1732780800000,
  ...MESSAGING_MIGRATIONS,
  BudgetLedgerSchema1796155350402,
  Virements1796155350404,
  AuditLog1796155400000,
  AuditLogQueue1796155500000,
  AuditPlan1796155600000,
  AccountStatus1796155700000,
];

/** Creates the service's database when missing, connects and migrates it: done before the app listens. */
export function prepareBudgetAuditDatabase(config: Readonly<BudgetAuditConfig>, log?: MigrationLog): Promise<DataSource> {
  return prepareServiceDatabase({
    serverUrl: config.DATABASE_URL,
    database: config.databaseName,
    entities: BUDGET_AUDIT_ENTITIES,
    migrations: BUDGET_AUDIT_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: config.SERVICE_NAME,
    log,
  });
}
