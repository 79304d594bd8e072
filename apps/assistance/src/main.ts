import { ensureTopics } from '@wco/contracts';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { AppModule } from './app.module';
import { AssistanceConfig } from './config/assistance.config';
import { prepareAssistanceDatabase } from './database/assistance.data-source';

void runService({
  config: AssistanceConfig,
  bootstrap: async (config, logger) => {
    // Database created on demand and migrated, topics present, before the app accepts a request.
    const dataSource = await prepareAssistanceDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    await ensureTopics(config.KAFKA_BROKERS);
    return {
      module: AppModule.forRoot({ config, dataSource }),
      readiness: [kafkaReadinessCheck(config.KAFKA_BROKERS)],
      openApi: {
        title: 'assistance',
        description: 'SP7/SP8 technical assistance requests, needs assessment, missions with experts, funding saga, evaluation',
      },
    };
  },
});
