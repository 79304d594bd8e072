import { ensureTopics } from '@wco/contracts';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { AppModule } from './app.module';
import { ResearchCatalogueConfig } from './config/research-catalogue.config';
import { prepareResearchCatalogueDatabase } from './database/research-catalogue.data-source';

void runService({
  config: ResearchCatalogueConfig,
  bootstrap: async (config, logger) => {
    // Database created on demand and migrated, topics present, before the app accepts a request.
    const dataSource = await prepareResearchCatalogueDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    await ensureTopics(config.KAFKA_BROKERS);
    return {
      module: AppModule.forRoot({ config, dataSource }),
      readiness: [kafkaReadinessCheck(config.KAFKA_BROKERS)],
      openApi: {
        title: 'research-catalogue',
        description: 'LD1 research publications with versions, search, OAI-PMH, citations, release events',
      },
    };
  },
});
