/* `npx nx migrate intel-exchange`: creates the service's database when missing, runs its migrations and exits. The
 * service does the same at start-up; this is for installations that migrate before rolling out new pods. */
import { exitOnStartupError, loadConfig } from '@wco/config';
import { JsonLogger } from '@wco/telemetry';
import { IntelExchangeConfig } from '../config/intel-exchange.config';
import { prepareIntelExchangeDatabase } from './intel-exchange.data-source';

void exitOnStartupError(
  async () => {
    const config = loadConfig(IntelExchangeConfig);
    const logger = new JsonLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
    const dataSource = await prepareIntelExchangeDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    await dataSource.destroy();
  },
  { label: 'intel-exchange migrations' },
);
