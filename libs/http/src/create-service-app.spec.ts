import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceConfig, loadConfig } from '@wco/config';
import { JsonLogger } from '@wco/telemetry';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsISO31661Alpha2, IsString, Min, ValidateNested } from 'class-validator';
import { createServiceApp } from './create-service-app';
import { NotFoundError } from './errors/domain.errors';

class QuantityDto {
  @IsInt()
  @Min(1)
  amount: number;

  @IsString()
  unit: string;
}

class SeizureDto {
  @IsString()
  commodity: string;

  @ValidateNested()
  @Type(() => QuantityDto)
  quantity: QuantityDto;
}

class ReportDto {
  @IsISO31661Alpha2()
  member: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => SeizureDto)
  seizures: SeizureDto[];
}

@Controller('reports')
class ReportsController {
  @Post()
  create(@Body() body: ReportDto): { received: string; firstAmountType: string } {
    return { received: body.member, firstAmountType: typeof body.seizures[0].quantity.amount };
  }

  @Get('broken')
  broken(): never {
    throw new Error('connection string postgres://secret@db leaked?');
  }

  @Get(':id')
  find(@Param('id') id: string): never {
    throw new NotFoundError(`seizure report ${id} does not exist`, { code: 'report_not_found' });
  }
}

@Module({ controllers: [ReportsController] })
class ReportsModule {}

class TestConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'http-test';
}

describe('createServiceApp', () => {
  let app: NestFastifyApplication;
  let dbUp = true;
  const logged: string[] = [];

  beforeAll(async () => {
    const config = loadConfig(TestConfig, { AUTH_DEV_ISSUER: 'true', HTTP_BODY_LIMIT_BYTES: '2048' });
    app = await createServiceApp(ReportsModule, config, {
      logger: new JsonLogger({ service: 'http-test', level: 'error', write: (l) => logged.push(l) }),
      readiness: [
        { name: 'database', check: async () => (dbUp ? undefined : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))) },
        { name: 'kafka', check: async () => undefined },
      ],
    });
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('accepts a valid body and transforms it into the DTO', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/reports',
      payload: { member: 'FR', seizures: [{ commodity: 'cocaine', quantity: { amount: 12, unit: 'kg' } }] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ received: 'FR', firstAmountType: 'number' });
  });

  it('lists every invalid field, nested paths included, as problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/reports',
      payload: {
        member: 'France',
        seizures: [
          { commodity: 'cocaine', quantity: { amount: 12, unit: 'kg' } },
          { commodity: 7, quantity: { amount: 0, unit: 'kg', colour: 'white' } },
        ],
        extra: true,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code: 'validation_failed', title: 'Validation failed', instance: '/reports' });
    expect(body.type).toBe('urn:wco:problem:validation_failed');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['extra', 'member', 'seizures.1.commodity', 'seizures.1.quantity.amount', 'seizures.1.quantity.colour']);
    expect(body.errors).toContainEqual({ field: 'seizures.1.quantity.amount', reason: 'must not be less than 1' });
    expect(body.errors).toContainEqual({ field: 'seizures.1.quantity.colour', reason: 'is not an allowed field' });
    expect(body.detail).toContain('seizures.1.quantity.amount');
  });

  it('maps a domain error to its status and stable code', async () => {
    const res = await app.inject({ method: 'GET', url: '/reports/42' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toEqual({
      type: 'urn:wco:problem:report_not_found',
      title: 'Not found',
      status: 404,
      detail: 'seizure report 42 does not exist',
      code: 'report_not_found',
      instance: '/reports/42',
    });
  });

  it('answers an unknown error with a generic 500 and logs it, leaking nothing', async () => {
    const res = await app.inject({ method: 'GET', url: '/reports/broken' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal_error', status: 500 });
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain(' at ');
    expect(logged.join('')).toContain('connection string postgres://secret@db leaked?');
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('refuses a body over the limit with 413 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/reports',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ member: 'FR', padding: 'x'.repeat(4096) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'payload_too_large', status: 413 });
  });

  it('refuses malformed JSON with 400 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/reports',
      headers: { 'content-type': 'application/json' },
      payload: '{"member": "FR", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'malformed_json', status: 400 });
  });

  it('reports live always, and ready only while every check passes', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['database', 'up'],
      ['kafka', 'up'],
    ]);

    dbUp = false;
    const notReady = await app.inject({ method: 'GET', url: '/health/ready' });
    dbUp = true;
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers['content-type']).toContain('application/problem+json');
    const body = notReady.json();
    expect(body.code).toBe('not_ready');
    expect(body.detail).toBe('not ready: database (connect ECONNREFUSED 127.0.0.1:5432)');
    expect(body.checks).toContainEqual(
      expect.objectContaining({ name: 'database', status: 'down', reason: 'connect ECONNREFUSED 127.0.0.1:5432' }),
    );
    expect(body.checks).toContainEqual(expect.objectContaining({ name: 'kafka', status: 'up' }));
  });

  it('serves Prometheus metrics with Node defaults and the request histogram by route and status', async () => {
    await app.inject({ method: 'GET', url: '/reports/7' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    expect(res.body).toMatch(/http_server_request_duration_seconds_count\{method="GET",route="\/reports\/:id",status_code="404"\} [1-9]/);
  });

  it('serves the OpenAPI document with the bearer scheme, and the UI', async () => {
    const doc = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const openapi = doc.json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(openapi.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/reports', '/reports/{id}', '/health/ready']));
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
