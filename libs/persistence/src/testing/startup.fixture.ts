/*
 * A minimal service main.ts for startup.int-spec: config -> database (ensure, migrate) -> optional broker check ->
 * app. Start-up failures must print one line and exit non-zero.
 */
import { Module } from '@nestjs/common';
import { BaseServiceConfig } from '@wco/config';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { PersistenceModule } from '../persistence.module';
import { prepareServiceDatabase } from '../data-source';
import { persistenceEntities, persistenceMigrations } from '../index';

class FixtureConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'startup-fixture';
  override PORT = 0;
}

void runService({
  config: FixtureConfig,
  async bootstrap(config, logger) {
    const dataSource = await prepareServiceDatabase({
      serverUrl: config.DATABASE_URL,
      database: config.databaseName,
      entities: persistenceEntities,
      migrations: persistenceMigrations,
      log: logger.child('Migrations'),
    });
    const kafka = kafkaReadinessCheck(config.KAFKA_BROKERS);
    await kafka.check().catch(async (error: unknown) => {
      await dataSource.destroy();
      throw error;
    });
    @Module({ imports: [PersistenceModule.forRoot({ dataSource })] })
    class AppModule {}
    return { module: AppModule, readiness: [kafka] };
  },
});
