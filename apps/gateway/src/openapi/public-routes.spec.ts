import type { OpenAPIObject } from '@nestjs/swagger';
import { PublicRoutes } from './public-routes';

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/health/live': { get: { security: [], responses: {} } },
    '/publications/{id}': { get: { security: [], responses: {} }, put: { responses: {} } },
    '/reports': { get: { security: [{ bearer: [] }], responses: {} }, post: { responses: {} } },
  },
} as unknown as OpenAPIObject;

describe('PublicRoutes', () => {
  const routes = PublicRoutes.fromDocument(document);

  it('takes exactly the operations with `security: []` as public, per method', () => {
    expect(routes.size).toBe(2);
    expect(routes.allows('GET', '/health/live')).toBe(true);
    expect(routes.allows('HEAD', '/health/live')).toBe(true);
    expect(routes.allows('POST', '/health/live')).toBe(false);
    expect(routes.allows('GET', '/reports')).toBe(false);
    expect(routes.allows('PUT', '/publications/abc')).toBe(false);
  });

  it('matches a path parameter as one segment, never a dot segment or a deeper path', () => {
    expect(routes.allows('GET', '/publications/10.1234%2Fxyz')).toBe(true);
    expect(routes.allows('GET', '/publications/..')).toBe(false);
    expect(routes.allows('GET', '/publications/a/b')).toBe(false);
    expect(routes.allows('GET', '/publications/')).toBe(false);
    expect(routes.allows('GET', '/health/live/x')).toBe(false);
    expect(routes.allows('GET', '/health/livex')).toBe(false);
  });

  it('is empty (fail closed) until a document is known', () => {
    expect(PublicRoutes.none().allows('GET', '/health/live')).toBe(false);
  });
});
