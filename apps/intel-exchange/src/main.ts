import { ensureTopics } from '@wco/contracts';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { AppModule } from './app.module';
import { IntelExchangeConfig } from './config/intel-exchange.config';
import { prepareIntelExchangeDatabase } from './database/intel-exchange.data-source';

void runService({
  config: IntelExchangeConfig,
  bootstrap: async (config, logger) => {
    // Database created on demand and migrated, topics present, before the app accepts a request.
    const dataSource = await prepareIntelExchangeDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    await ensureTopics(config.KAFKA_BROKERS);
    return {
      module: AppModule.forRoot({ config, dataSource, relay: config.OUTBOX_RELAY }),
      readiness: [kafkaReadinessCheck(config.KAFKA_BROKERS)],
      openApi: { title: 'intel-exchange', description: 'Joint operations, seizure and intelligence reports, matches, receipts (WCO SP5)' },
    };
  },
});
