import { DynamicModule, LoggerService, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BaseServiceConfig, ConfigModule } from '@wco/config';
import { JsonLogger } from '@wco/telemetry';
import { frameworkErrorHandler } from './errors/framework-errors';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { useProblemJsonParser } from './errors/json-body-parser';
import { refuseUnsafeParameters } from './input/request-guard';
import { MetricsAccess } from './metrics/metrics-access';
import { applyReplyPolicies, applySecurityHeaders } from './security/security-headers';
import { createValidationPipe } from './errors/validation';
import { ReadinessCheck } from './health/readiness';
import { HttpPlatformModule } from './http-platform.module';
import { instrumentRequests } from './metrics/http-metrics';
import { buildServiceDocument } from './openapi/service-document';
import { serviceTransportOf } from './service-transport';

export interface ServiceAppOptions {
  /** Checks run by /health/ready (database, broker...). Modules may add more via ReadinessRegistry. */
  readiness?: ReadinessCheck[];
  /** Defaults to a JsonLogger for the service at LOG_LEVEL. */
  logger?: LoggerService;
  /** OpenAPI document metadata; the bearer scheme is always declared. `tags` describes the controllers' tags. */
  openApi?: {
    title?: string;
    description?: string;
    version?: string;
    tags?: Record<string, string>;
    /**
     * Serves the document instead of Swagger UI at /docs (the gateway publishes one reference for every service).
     * It gets the app before it is initialised, so it may still register routes.
     */
    publish?: (app: NestFastifyApplication, document: OpenAPIObject) => Promise<void> | void;
  };
}

@Module({})
class ServiceRootModule {}

/**
 * Builds the service's Nest application on Fastify with the platform's conventions: body limit, JSON depth limit,
 * NUL and lone surrogates refused in bodies, path parameters and query strings, validation pipe, problem+json
 * errors (including fastify's own 400/413/414), security headers (helmet, no-store, CSP), OpenAPI at /docs,
 * /health/live, /health/ready, /metrics (behind METRICS_TOKEN and/or on METRICS_PORT), request metrics, shutdown
 * hooks, and the event transport a module provides (SERVICE_TRANSPORT). The app is initialised but not listening:
 * call `app.listen` (runService does) or use `app.inject` in tests.
 */
export async function createServiceApp(
  appModule: Type | DynamicModule,
  config: Readonly<BaseServiceConfig>,
  options: ServiceAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? new JsonLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const adapter = new FastifyAdapter({
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
  });
  const fastify = adapter.getInstance();
  instrumentRequests(fastify);
  // Nest's own parser is off (bodyParser: false) so this one, with problem+json errors, is the only JSON parser.
  useProblemJsonParser(fastify, { maxDepth: config.HTTP_JSON_MAX_DEPTH });
  refuseUnsafeParameters(fastify);
  applySecurityHeaders(fastify);
  applyReplyPolicies(fastify);

  const metrics: MetricsAccess = { token: config.METRICS_TOKEN, port: config.METRICS_PORT };

  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [ConfigModule.forRoot(config), HttpPlatformModule.forRoot(options.readiness, metrics, config.HOST), appModule],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { logger, abortOnError: false, bodyParser: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  const document = buildServiceDocument(app, config, options.openApi);
  if (options.openApi?.publish) await options.openApi.publish(app, document);
  else SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });

  const transport = serviceTransportOf(app);
  if (transport) {
    // Listeners are registered when the transport starts, after its filters are set; the app's own init runs the
    // lifecycle hooks once for both.
    const microservice = app.connectMicroservice({ strategy: transport.strategy }, { inheritAppConfig: false, deferInitialization: true });
    microservice.useGlobalFilters(...(transport.filters ?? []));
    // Public on NestMicroservice, missing from INestMicroservice: without it the transport's start would run every
    // module's init and bootstrap hooks a second time.
    (microservice as unknown as { setIsInitHookCalled(called: boolean): void }).setIsInitHookCalled(true);
  }
  await app.init();
  // Consumers start once the app is initialised (providers ready, migrations run) and stop with app.close().
  if (transport) await app.startAllMicroservices();
  return app;
}
