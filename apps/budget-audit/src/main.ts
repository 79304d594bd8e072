import { ensureTopics } from '@wco/contracts';
import { kafkaReadinessCheck, runService } from '@wco/http';
import { AppModule } from './app.module';
import { BudgetAuditConfig } from './config/budget-audit.config';
import { prepareBudgetAuditDatabase } from './database/budget-audit.data-source';

void runService({
  config: BudgetAuditConfig,
  bootstrap: async (config, logger) => {
    // Database created on demand and migrated, topics present, before the app accepts a request.
    const dataSource = await prepareBudgetAuditDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    await ensureTopics(config.KAFKA_BROKERS);
    return {
      module: AppModule.forRoot({ config, dataSource }),
      readiness: [kafkaReadinessCheck(config.KAFKA_BROKERS)],
      openApi: {
        title: 'budget-audit',
        description: 'ORG2 budget versions, double-entry ledger with commitments, verifiable audit stream, audit plan',
      },
    };
  },
});
