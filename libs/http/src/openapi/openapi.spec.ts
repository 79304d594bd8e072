import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { BaseServiceConfig, loadConfig } from '@wco/config';
import { lintOpenApi } from '@wco/testing';
import { JsonLogger } from '@wco/telemetry';
import { IsString } from 'class-validator';
import { createServiceApp } from '../create-service-app';
import { ParseUuidPipe } from '../input/parameters';
import { Public } from '../public.decorator';
import { ApiProblems, ApiRoles, ApiUuidParam } from './openapi.decorators';

// Two linter processes on a loaded machine can take a while.
jest.setTimeout(120_000);

class ThingDto {
  @ApiProperty({ description: 'Its name' })
  @IsString()
  name: string;
}

class ThingView {
  @ApiProperty({ format: 'uuid' })
  id: string;
}

@ApiUuidParam('id', 'The thing')
@ApiRoles(['expert'], { note: 'Anyone else sees nothing.' })
@Controller('things')
class ThingsController {
  @Post()
  @ApiOperation({ summary: 'Create a thing', description: 'Stores it.' })
  @ApiRoles(['editor'], { enforced: true })
  @ApiOkResponse({ type: ThingView, description: 'The thing' })
  @ApiProblems({ 409: ['thing_exists'] })
  @ApiProblems({ 409: ['thing_locked'], 422: ['thing_too_big'] })
  create(@Body() _dto: ThingDto): ThingView {
    return { id: '7b0f3c9e-4a51-4c36-9a43-0b8e2b1c5d10' };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One thing', description: 'Reads it.' })
  @ApiOkResponse({ type: ThingView, description: 'The thing' })
  @ApiProblems({ 404: ['thing_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): ThingView {
    return { id };
  }

  @Get('public/count')
  @Public()
  @ApiOperation({ summary: 'How many things', description: 'A number.' })
  @ApiOkResponse({ description: 'The count', schema: { type: 'object', properties: { count: { type: 'integer' } } } })
  count(): { count: number } {
    return { count: 1 };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

class TestConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'openapi-test';
}

describe('the OpenAPI document every service gets', () => {
  let app: NestFastifyApplication;
  let doc: any;

  beforeAll(async () => {
    const config = loadConfig(TestConfig, { AUTH_DEV_ISSUER: 'true' });
    app = await createServiceApp(ThingsModule, config, {
      logger: new JsonLogger({ service: 'openapi-test', level: 'error', write: () => undefined }),
      openApi: { tags: {} },
    });
    doc = JSON.parse((await app.inject({ method: 'GET', url: '/docs/openapi.json' })).body);
  });
  afterAll(() => app.close());

  const codes = (response: any): string[] => response.content['application/problem+json'].schema.allOf[1].properties.code.enum;

  it('lints clean with one call', async () => {
    const result = await lintOpenApi(doc);
    expect(result.messages).toEqual([]);
    expect(result).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('lists every error status as problem+json with its codes: the route kind’s and the decorators’, added up', () => {
    const create = doc.paths['/things'].post;
    expect(codes(create.responses['409'])).toEqual(['thing_exists', 'thing_locked']);
    expect(codes(create.responses['422'])).toEqual(['thing_too_big']);
    expect(codes(create.responses['400'])).toEqual(['json_too_deep', 'malformed_json', 'unsafe_string', 'validation_failed']);
    expect(codes(create.responses['401'])).toEqual(['invalid_token', 'missing_token']);
    expect(Object.keys(create.responses['401'].headers)).toEqual(['WWW-Authenticate']);
    expect(codes(create.responses['403'])).toEqual(['insufficient_role']);
    expect(codes(create.responses['413'])).toEqual(['payload_too_large']);
    expect(create.responses['409'].description).toBe('Conflict: `thing_exists`, `thing_locked`');
    expect(doc.components.schemas.ProblemDetails.properties.code.type).toBe('string');
  });

  it('states roles: a handler’s own declaration wins over its controller’s, and only enforced roles document a 403', () => {
    const create = doc.paths['/things'].post;
    const get = doc.paths['/things/{id}'].get;
    expect(create['x-roles']).toEqual(['editor']);
    expect(create.description).toBe('Stores it.\n\n**Roles**: `editor` (other callers get 403 `insufficient_role`).');
    expect(get['x-roles']).toEqual(['expert']);
    expect(get.description).toBe('Reads it.\n\n**Roles**: `expert`. Anyone else sees nothing.');
    expect(get.responses['403']).toBeUndefined();
    expect(Object.keys(create).filter((k) => k.startsWith('x-wco-'))).toEqual([]);
  });

  it('types a controller’s uuid parameter on the routes that have it, and only there', () => {
    const get = doc.paths['/things/{id}'].get;
    expect(get.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }),
    ]);
    expect(codes(get.responses['400'])).toEqual(['bad_url', 'unsafe_string', 'validation_failed']);
    expect(codes(get.responses['414'])).toEqual(['uri_too_long']);
    expect(doc.paths['/things'].post.parameters ?? []).toEqual([]);
  });

  it('marks public routes, the docs and the probes as needing no token', () => {
    for (const path of [
      '/things/public/count',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/docs',
      '/docs/openapi.json',
      '/docs/openapi.yaml',
    ]) {
      expect({ path, security: doc.paths[path].get.security }).toEqual({ path, security: [] });
      expect(doc.paths[path].get.responses['401']).toBeUndefined();
    }
    expect(doc.paths['/things/{id}'].get.security).toBeUndefined();
    expect(doc.security).toEqual([{ bearer: [] }]);
  });
});
