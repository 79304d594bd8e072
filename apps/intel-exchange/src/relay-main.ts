/*
 * The intel-exchange outbox relay as a process of its own, beside API processes started with OUTBOX_RELAY=false.
 * Same environment as main.ts; it serves no HTTP. Killing it loses nothing: rows stay in the outbox until a relay
 * has published them, and per-key order holds with any number of relays (shard locks, libs/messaging).
 */
import { Logger } from '@nestjs/common';
import { exitOnStartupError, loadConfig } from '@wco/config';
import { classifyStartupError } from '@wco/http';
import { OutboxRelay } from '@wco/messaging';
import { JsonLogger } from '@wco/telemetry';
import { IntelExchangeConfig } from './config/intel-exchange.config';
import { prepareIntelExchangeDatabase } from './database/intel-exchange.data-source';

void exitOnStartupError(
  async () => {
    const config = loadConfig(IntelExchangeConfig, process.env);
    const logger = new JsonLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL, context: 'OutboxRelay' });
    Logger.overrideLogger(logger);
    const dataSource = await prepareIntelExchangeDatabase(config, { log: (message) => logger.log(message, 'Migrations') });
    const relay = new OutboxRelay({
      dataSource,
      brokers: config.KAFKA_BROKERS,
      security: config.kafkaSecurity,
      clientId: `${config.SERVICE_NAME}-relay`,
      lingerMs: config.OUTBOX_RELAY_LINGER_MS,
    });
    relay.start();
    logger.log({ msg: 'outbox relay started', brokers: config.KAFKA_BROKERS }, 'Bootstrap');
    const stop = (): void => {
      void relay
        .stop()
        .then(() => dataSource.destroy())
        .finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  { label: 'intel-exchange relay', classify: (e) => classifyStartupError(e) },
);
