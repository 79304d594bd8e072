import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import scalarReference from '@scalar/fastify-api-reference';
import Fastify, { FastifyInstance } from 'fastify';
import { ApiCatalogue } from './api-catalogue';

const SCRIPT_URL = '/docs/scalar.js';

/**
 * Scalar's browser bundle, as @scalar/fastify-api-reference serves it (from the package, no CDN), taken once from a
 * throw-away instance: its own HTML page starts the bundle with an inline script, which the docs CSP
 * (`script-src 'self'`) forbids, so the gateway serves the bundle and a page of its own that needs no inline script.
 */
async function scalarBundle(): Promise<string> {
  const scratch = Fastify({ logger: false });
  try {
    await scratch.register(scalarReference, { routePrefix: '/reference', configuration: { url: '/openapi.json' } });
    const res = await scratch.inject({ method: 'GET', url: '/reference/js/scalar.js' });
    if (res.statusCode !== 200 || res.body.length < 1000) throw new Error(`Scalar bundle not found (HTTP ${res.statusCode})`);
    return res.body;
  } finally {
    await scratch.close();
  }
}

function page(configuration: object): string {
  const attribute = JSON.stringify(configuration).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>WCO platform API reference</title>
  </head>
  <body>
    <script id="api-reference" type="application/json" data-url="/docs/openapi.json" data-configuration="${attribute}"></script>
    <script src="${SCRIPT_URL}"></script>
  </body>
</html>
`;
}

/**
 * Publishes the platform's one API reference instead of the gateway's own Swagger UI: `/docs/openapi.json`, the
 * aggregated document (the gateway's routes and every service's, see ApiCatalogue), and `/docs`, Scalar's
 * browsable reference of it, served from the gateway itself.
 */
export async function publishApiReference(app: NestFastifyApplication, own: OpenAPIObject): Promise<void> {
  const catalogue = app.get(ApiCatalogue);
  catalogue.setOwnDocument(own);
  const bundle = await scalarBundle();
  const html = page({ withDefaultFonts: false, hideClientButton: true, telemetry: false });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  fastify.get(SCRIPT_URL, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(bundle),
  );
  fastify.get('/docs/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(catalogue.document()));
}
