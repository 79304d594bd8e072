import { InboxMessageEntity, MESSAGING_MIGRATIONS, OutboxMessageEntity } from '@wco/messaging';
import { CreateIdempotencyKey1732780800000, IdempotencyKeyEntity, prepareServiceDatabase } from '@wco/persistence';
import type { MigrationLog } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import type { IntelExchangeConfig } from '../config/intel-exchange.config';
import { IndicatorCountEntity } from '../correlation/indicator-count.entity';
import { MatchEntity } from '../correlation/match.entity';
import { ReportIndicatorEntity } from '../correlation/report-indicator.entity';
import { FeedbackEntity } from '../feedback/feedback.entity';
import { IntelExchangeSchema1767312000000 } from '../migrations/1767312000000-intel-exchange-schema';
import { ReportListingIndexes1767398400000 } from '../migrations/1767398400000-report-listing-indexes';
import { IdempotentRepliesByReference1767484800000 } from '../migrations/1767484800000-idempotent-replies-by-reference';
import { AccessReceiptRole1767571200000 } from '../migrations/1767571200000-access-receipt-role';
import { OperationTemplates1767657600000 } from '../migrations/1767657600000-operation-templates';
import { OperationParticipantEntity } from '../operations/operation-participant.entity';
import { OperationEntity } from '../operations/operation.entity';
import { AccessReceiptEntity } from '../receipts/access-receipt.entity';
import { ReportCorrectionEntity } from '../reports/report-correction.entity';
import { ReportPersonalDataEntity } from '../reports/report-personal-data.entity';
import { ReportVersionEntity } from '../reports/report-version.entity';
import { ReportEntity } from '../reports/report.entity';

export const INTEL_EXCHANGE_ENTITIES = [
  OperationEntity,
  OperationParticipantEntity,
  ReportEntity,
  ReportVersionEntity,
  ReportPersonalDataEntity,
  ReportCorrectionEntity,
  ReportIndicatorEntity,
  IndicatorCountEntity,
  MatchEntity,
  FeedbackEntity,
  AccessReceiptEntity,
  OutboxMessageEntity,
  InboxMessageEntity,
  IdempotencyKeyEntity,
];

export const INTEL_EXCHANGE_MIGRATIONS = [
  CreateIdempotencyKey1732780800000,
  ...MESSAGING_MIGRATIONS,
  IntelExchangeSchema1767312000000,
  ReportListingIndexes1767398400000,
  IdempotentRepliesByReference1767484800000,
  AccessReceiptRole1767571200000,
  OperationTemplates1767657600000,
];

/** Creates the service's database when missing, connects and migrates it: done before the app listens. */
export function prepareIntelExchangeDatabase(config: Readonly<IntelExchangeConfig>, log?: MigrationLog): Promise<DataSource> {
  return prepareServiceDatabase({
    serverUrl: config.DATABASE_URL,
    database: config.databaseName,
    entities: INTEL_EXCHANGE_ENTITIES,
    migrations: INTEL_EXCHANGE_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: config.SERVICE_NAME,
    log,
  });
}
