import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { BaseServiceConfig } from '@wco/config';
import { completeOpenApiDocument } from './complete-document';
import { PUBLIC_MARK } from './openapi.decorators';

export interface ServiceDocumentOptions {
  title?: string;
  description?: string;
  version?: string;
  tags?: Record<string, string>;
}

const PLATFORM_TAGS: Record<string, string> = {
  health: 'Liveness and readiness probes',
  metrics: 'Prometheus metrics',
  docs: 'This API description',
  auth: 'Token issuing for local development',
};

/** The routes SwaggerModule.setup serves itself (outside Nest's router), described like any other. */
function docsPaths(): OpenAPIObject['paths'] {
  const route = (operationId: string, summary: string, type: string, schema: object) => ({
    get: {
      operationId,
      summary,
      description: summary,
      tags: ['docs'],
      [PUBLIC_MARK]: true,
      responses: { '200': { description: summary, content: { [type]: { schema } } } },
    },
  });
  return {
    '/docs': route('docs_ui', 'Swagger UI for this API', 'text/html', { type: 'string' }),
    '/docs/openapi.json': route('docs_json', 'This OpenAPI document as JSON', 'application/json', { type: 'object' }),
    '/docs/openapi.yaml': route('docs_yaml', 'This OpenAPI document as YAML', 'text/yaml', { type: 'string' }),
  };
}

/**
 * The service's OpenAPI document: bearer JWT required unless a route is public, problem+json errors with their
 * codes, roles per route (see completeOpenApiDocument), licence, contact and the local server.
 */
export function buildServiceDocument(
  app: INestApplication,
  config: Readonly<BaseServiceConfig>,
  options: ServiceDocumentOptions = {},
): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title ?? config.SERVICE_NAME)
      .setDescription(options.description ?? `${config.SERVICE_NAME} API of the WCO platform`)
      .setVersion(options.version ?? '1')
      .setLicense('Proprietary: World Customs Organization', 'https://www.wcoomd.org')
      .addServer(`http://127.0.0.1:${config.PORT}`, 'A local instance (npm start); each deployment publishes its own base URL')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  document.info.contact = { name: 'WCO platform team', url: 'https://www.wcoomd.org' };
  document.paths = { ...document.paths, ...docsPaths() };
  return completeOpenApiDocument(document, { tags: { ...PLATFORM_TAGS, ...options.tags } });
}
