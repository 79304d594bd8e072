import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_SCHEMAS, problemResponse } from '@wco/http';
import type { Upstream } from '../proxy/upstreams';
import { aggregateDocuments } from './aggregate-document';

const own = {
  openapi: '3.0.0',
  info: { title: 'gateway', version: '1' },
  tags: [{ name: 'health', description: 'Probes' }],
  paths: {
    '/health/live': { get: { operationId: 'live', tags: ['health'], security: [], responses: { '200': { description: 'ok' } } } },
    '/docs/openapi.yaml': { get: { operationId: 'yaml', tags: ['docs'], responses: { '200': { description: 'yaml' } } } },
  },
  components: { schemas: { ...PROBLEM_SCHEMAS }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
} as unknown as OpenAPIObject;

function serviceDoc(viewProperty: string): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 's', version: '1' },
    tags: [{ name: 'things', description: 'Things' }],
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          tags: ['things'],
          'x-roles': ['expert'],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingView' } } } },
            '404': problemResponse(404, ['thing_not_found']),
            '503': problemResponse(503, ['jwks_unavailable']),
          },
        },
      },
      '/metrics': { get: { operationId: 'metrics', tags: ['metrics'], responses: { '200': { description: 'm' } } } },
    },
    components: {
      schemas: { ...PROBLEM_SCHEMAS, ThingView: { type: 'object', properties: { [viewProperty]: { type: 'string' } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  } as unknown as OpenAPIObject;
}

const upstream = (key: Upstream['key'], service: string): Upstream => ({ key, service, prefix: `/api/${key}`, url: 'http://x' });

describe('aggregateDocuments', () => {
  const doc = aggregateDocuments({
    own,
    services: [
      { upstream: upstream('intel', 'intel-exchange'), document: serviceDoc('a') },
      { upstream: upstream('budget', 'budget-audit'), document: serviceDoc('b') },
    ],
    missing: [upstream('research', 'research-catalogue')],
  }) as any;

  it('prefixes paths, operation ids and tags per service, and leaves the metrics out', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/budget/things/{id}', '/api/intel/things/{id}', '/health/live']);
    expect(doc.paths['/api/intel/things/{id}'].get.operationId).toBe('intel_getThing');
    expect(doc.paths['/api/budget/things/{id}'].get.tags).toEqual(['budget-audit: things']);
    expect(doc.paths['/health/live'].get.tags).toEqual(['gateway: health']);
    expect(doc['x-tagGroups'].map((g: any) => g.name)).toEqual(['gateway', 'intel-exchange', 'budget-audit']);
    expect(doc.info.description).toContain('research-catalogue');
  });

  it('keeps same-named schemas of two services apart, rewriting their refs, and shares the platform problem schemas', () => {
    expect(doc.components.schemas['intel-exchange.ThingView'].properties).toEqual({ a: { type: 'string' } });
    expect(doc.components.schemas['budget-audit.ThingView'].properties).toEqual({ b: { type: 'string' } });
    expect(doc.paths['/api/budget/things/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/budget-audit.ThingView',
    );
    expect(doc.components.schemas['intel-exchange.ProblemDetails']).toBeUndefined();
    expect(doc.components.schemas['ProblemDetails']).toBeDefined();
  });

  it('keeps roles and the service’s errors, and adds what the gateway itself answers', () => {
    const op = doc.paths['/api/intel/things/{id}'].get;
    expect(op['x-roles']).toEqual(['expert']);
    const codes = (status: string): string[] =>
      op.responses[status].content['application/problem+json'].schema.allOf[1].properties.code.enum;
    expect(codes('404')).toEqual(['thing_not_found']);
    expect(codes('503')).toEqual(['jwks_unavailable', 'upstream_unavailable']);
    expect(codes('504')).toEqual(['upstream_timeout']);
    expect(codes('429')).toEqual(['rate_limited']);
  });

  it('does not change the documents it was given', () => {
    expect(Object.keys(serviceDoc('a').paths)).toContain('/metrics');
    expect(own.paths['/docs/openapi.yaml']).toBeDefined();
  });
});
