import { ensureTopics } from '@wco/contracts';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { kafkaConnectionOptions } from '@wco/messaging';
import { AppModule } from './app.module';
import { IntelExchangeConfig } from './config/intel-exchange.config';
import { prepareIntelExchangeDatabase } from './database/intel-exchange.data-source';
import { INTEL_EXCHANGE_OPENAPI } from './platform/openapi';

void runService({
  config: IntelExchangeConfig,
  bootstrap: async (config, logger) => {
    // Database created on demand and migrated, topics present, before the app accepts a request.
    const dataSource = await prepareIntelExchangeDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    const kafkaConnection = kafkaConnectionOptions(config.kafkaSecurity);
    // Where topics are KafkaTopic resources, the service's principal may not create them (KAFKA_CREATE_TOPICS=false).
    if (config.KAFKA_CREATE_TOPICS) await ensureTopics(config.KAFKA_BROKERS, undefined, { connection: kafkaConnection });
    return {
      module: AppModule.forRoot({ config, dataSource }),
      readiness: [kafkaReadinessCheck(config.KAFKA_BROKERS, 'kafka', kafkaConnection)],
      openApi: INTEL_EXCHANGE_OPENAPI,
    };
  },
});
