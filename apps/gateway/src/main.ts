import { ensureTopics } from '@wco/contracts';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { prepareGatewayDatabase } from './database/gateway.data-source';
import { GATEWAY_OPENAPI } from './openapi/gateway-openapi';

void runService({
  config: GatewayConfig,
  bootstrap: async (config, logger) => {
    // Database created on demand and migrated, topics present, before the app accepts a request.
    const dataSource = await prepareGatewayDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    await ensureTopics(config.KAFKA_BROKERS);
    return {
      module: AppModule.forRoot({ config, dataSource }),
      readiness: [kafkaReadinessCheck(config.KAFKA_BROKERS)],
      openApi: GATEWAY_OPENAPI,
    };
  },
});
