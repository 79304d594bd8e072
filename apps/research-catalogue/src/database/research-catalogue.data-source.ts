import { InboxMessageEntity, MESSAGING_MIGRATIONS, OutboxMessageEntity } from '@wco/messaging';
import { CreateIdempotencyKey1732780800000, IdempotencyKeyEntity, prepareServiceDatabase } from '@wco/persistence';
import type { MigrationLog } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import type { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { ResearchCatalogueSchema1796155352995 } from '../migrations/1796155352995-research-catalogue-schema';
import { Catalogue1796200000000 } from '../migrations/1796200000000-catalogue';
import { Usage1796200000001 } from '../migrations/1796200000001-usage';
import { SearchHighlightsSuggestions1796200000002 } from '../migrations/1796200000002-search-highlights-suggestions';
import { FileTextAccessSubscriptions1796200000003 } from '../migrations/1796200000003-file-text-access-subscriptions';
import { SearchLanguageIndexes1796200000004 } from '../migrations/1796200000004-search-language-indexes';
import { FileTextJobs1796200000005 } from '../migrations/1796200000005-file-text-jobs';
import { ImportJobs1796200000006 } from '../migrations/1796200000006-import-jobs';
import { SearchTextVersionFacts1796200000007 } from '../migrations/1796200000007-search-text-version-facts';

export const RESEARCH_CATALOGUE_ENTITIES = [OutboxMessageEntity, InboxMessageEntity, IdempotencyKeyEntity];

/** In order: the platform's tables (idempotency keys, outbox and inbox), then the service's own. */
export const RESEARCH_CATALOGUE_MIGRATIONS = [
  CreateIdempotencyKey1732780800000,
  ...MESSAGING_MIGRATIONS,
  ResearchCatalogueSchema1796155352995,
  Catalogue1796200000000,
  Usage1796200000001,
  SearchHighlightsSuggestions1796200000002,
  FileTextAccessSubscriptions1796200000003,
  SearchLanguageIndexes1796200000004,
  FileTextJobs1796200000005,
  ImportJobs1796200000006,
  SearchTextVersionFacts1796200000007,
];

/** Creates the service's database when missing, connects and migrates it: done before the app listens. */
export function prepareResearchCatalogueDatabase(config: Readonly<ResearchCatalogueConfig>, log?: MigrationLog): Promise<DataSource> {
  return prepareServiceDatabase({
    serverUrl: config.DATABASE_URL,
    database: config.databaseName,
    entities: RESEARCH_CATALOGUE_ENTITIES,
    migrations: RESEARCH_CATALOGUE_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: config.SERVICE_NAME,
    log,
  });
}
