import { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceConfig, ConfigClass, EX_UNAVAILABLE, exitOnStartupError, loadConfig, StartupError } from '@wco/config';
import { JsonLogger } from '@wco/telemetry';
import { createServiceApp, ServiceAppOptions } from './create-service-app';

export interface ServiceParts extends Omit<ServiceAppOptions, 'logger'> {
  module: Type | DynamicModule;
}

export interface ServiceDefinition<C extends BaseServiceConfig> {
  config: ConfigClass<C>;
  /** Prepares what the app needs before it is built (database + migrations, broker topics) and returns its root module. */
  bootstrap(config: Readonly<C>, logger: JsonLogger): Promise<ServiceParts> | ServiceParts;
  /** For tests: the environment to read instead of process.env. */
  env?: Record<string, string | undefined>;
}

/** Recognises the start-up failures of clients we do not own, so they print one line instead of a stack. */
export function classifyStartupError(error: unknown, config?: Readonly<BaseServiceConfig>): StartupError | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name.startsWith('KafkaJS')) {
    const brokers = config?.KAFKA_BROKERS.join(',') ?? 'the configured brokers';
    return new StartupError(`Kafka broker unreachable at ${brokers} (KAFKA_BROKERS): ${error.message}`, EX_UNAVAILABLE, { cause: error });
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    const where = config ? `${config.HOST}:${config.PORT}` : 'the configured address';
    return new StartupError(`cannot listen on ${where} (HOST/PORT): ${error.message}`, EX_UNAVAILABLE, { cause: error });
  }
  return undefined;
}

/**
 * The whole of a service's main.ts: load config, bootstrap dependencies, build the app, listen, log where.
 * Start-up failures print one line naming what failed and exit non-zero (78 config, 69 dependency unavailable).
 *
 *   void runService({
 *     config: IntelExchangeConfig,
 *     bootstrap: async (config) => ({ module: AppModule.forRoot(config), readiness: [...] }),
 *   });
 */
export async function runService<C extends BaseServiceConfig>(definition: ServiceDefinition<C>): Promise<NestFastifyApplication> {
  let config: Readonly<C> | undefined;
  const label = new definition.config().SERVICE_NAME ?? 'service';
  return exitOnStartupError(
    async () => {
      config = loadConfig(definition.config, definition.env ?? process.env);
      const logger = new JsonLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
      const parts = await definition.bootstrap(config, logger);
      const app = await createServiceApp(parts.module, config, { ...parts, logger });
      await app.listen({ port: config.PORT, host: config.HOST });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      logger.log(
        { msg: `${config.SERVICE_NAME} listening on http://${config.HOST}:${port} (OpenAPI at /docs)`, port, host: config.HOST },
        'Bootstrap',
      );
      return app;
    },
    { label, classify: (e) => classifyStartupError(e, config) },
  );
}
