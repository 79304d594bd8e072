/* The edge every service gets from createServiceApp: bad input is a 4xx problem+json naming the field, the
 * security headers, and who may read /metrics. */
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceConfig, ConfigError, loadConfig } from '@wco/config';
import { JsonLogger } from '@wco/telemetry';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { request as httpRequest } from 'node:http';
import { createServiceApp } from './create-service-app';
import { decodeTimeIdCursor, encodeTimeIdCursor } from './cursor/cursor-codec';
import { PageQueryDto } from './cursor/page-query.dto';
import { ParseInt32Pipe, ParseUuidPipe } from './input/parameters';
import { MetricsListener } from './metrics/metrics-access';

class NoteDto {
  @IsString()
  text: string;
}

class ItemDto {
  @IsString()
  name: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => NoteDto)
  notes?: NoteDto[];

  @IsOptional()
  @IsInt()
  count?: number;
}

@Controller('items')
class ItemsController {
  @Post()
  create(@Body() body: ItemDto): ItemDto {
    return body;
  }

  @Get()
  list(@Query() page: PageQueryDto): { limit: number; after?: [string, string]; next: string } {
    return {
      limit: page.limit,
      ...(page.cursor ? { after: decodeTimeIdCursor(page.cursor) } : {}),
      next: encodeTimeIdCursor(new Date('2026-03-07T10:00:00.000Z'), '3f2b8c1e-9d4a-4c6b-8e2f-1a7b9c0d5e6f'),
    };
  }

  @Get(':id')
  get(@Param('id', ParseUuidPipe) id: string): { id: string } {
    return { id };
  }

  @Get(':id/versions/:version')
  version(
    @Param('id', ParseUuidPipe) id: string,
    @Param('version', new ParseInt32Pipe({ min: 1 })) version: number,
  ): { id: string; version: number } {
    return { id, version };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

class EdgeTestConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'edge-test';
}

const quiet = () => new JsonLogger({ service: 'edge-test', level: 'fatal' });
const build = (env: Record<string, string> = {}) =>
  createServiceApp(ItemsModule, loadConfig(EdgeTestConfig, { AUTH_DEV_ISSUER: 'true', HTTP_JSON_MAX_DEPTH: '16', ...env }), {
    logger: quiet(),
  });
const id = '3f2b8c1e-9d4a-4c6b-8e2f-1a7b9c0d5e6f';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('the service edge (createServiceApp)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await build();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const post = (payload: string) => app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload });
  const problemOf = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    const body = res.json();
    return { status: res.statusCode, code: body.code, fields: [...new Set((body.errors ?? []).map((e: { field: string }) => e.field))] };
  };

  describe('JSON bodies', () => {
    it('refuses NUL in any string with 400 naming the field (PostgreSQL refuses it in text and jsonb)', async () => {
      const res = await post(JSON.stringify({ name: 'ok', notes: [{ text: 'fine' }, { text: 'bad\u0000' }] }));
      expect(problemOf(res)).toEqual({ status: 400, code: 'unsafe_string', fields: ['notes.1.text'] });
    });

    it('refuses a lone surrogate with 400 naming the field (jsonb refuses it, text would store U+FFFD)', async () => {
      expect(problemOf(await post('{"name":"\\ud800"}'))).toEqual({ status: 400, code: 'unsafe_string', fields: ['name'] });
    });

    it('refuses NUL in a key, even in a field the DTO would drop, naming the object', async () => {
      expect(problemOf(await post('{"name":"ok","notes":[{"text":"x","k\\u0000":1}]}'))).toEqual({
        status: 400,
        code: 'unsafe_string',
        fields: ['notes.0'],
      });
    });

    it('refuses nesting beyond HTTP_JSON_MAX_DEPTH before any validator recurses, naming where it goes too deep', async () => {
      for (const depth of [17, 4_000, 50_000]) {
        const res = await post(`{"name":"ok","extra":${'['.repeat(depth)}1${']'.repeat(depth)}}`);
        const problem = problemOf(res);
        expect({ status: problem.status, code: problem.code }).toEqual({ status: 400, code: 'json_too_deep' });
        expect(problem.fields[0]).toMatch(/^extra(\.0)+$/);
      }
      const fine = await post(`{"name":"ok","notes":[{"text":"x"}]}`);
      expect(fine.statusCode).toBe(201);
    });

    it('accepts emoji and other well-formed text unchanged', async () => {
      const res = await post(JSON.stringify({ name: 'Container 🚢 Ω' }));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ name: 'Container 🚢 Ω' });
    });
  });

  describe('path and query parameters', () => {
    it('names the UUID path parameter', async () => {
      expect(problemOf(await app.inject({ method: 'GET', url: '/items/not-a-uuid' }))).toEqual({
        status: 400,
        code: 'validation_failed',
        fields: ['id'],
      });
    });

    it('refuses a version beyond int32 and non-decimal spellings with 400 naming it', async () => {
      for (const version of ['2147483648', '0x10', '1e3', '%2B5', '0']) {
        expect(problemOf(await app.inject({ method: 'GET', url: `/items/${id}/versions/${version}` }))).toEqual({
          status: 400,
          code: 'validation_failed',
          fields: ['version'],
        });
      }
      expect((await app.inject({ method: 'GET', url: `/items/${id}/versions/2147483647` })).json()).toEqual({ id, version: 2147483647 });
    });

    it('refuses NUL in a path parameter or any query value, naming it', async () => {
      expect(problemOf(await app.inject({ method: 'GET', url: '/items/a%00b' }))).toEqual({
        status: 400,
        code: 'unsafe_string',
        fields: ['id'],
      });
      expect(problemOf(await app.inject({ method: 'GET', url: '/items?cursor=%00' }))).toEqual({
        status: 400,
        code: 'unsafe_string',
        fields: ['cursor'],
      });
      expect(problemOf(await app.inject({ method: 'GET', url: '/health/live?anything=x%00' }))).toEqual({
        status: 400,
        code: 'unsafe_string',
        fields: ['anything'],
      });
    });

    it('reads limit as a plain decimal number only: 0x10 is not 16', async () => {
      for (const limit of ['0x10', '1e1', '%2B5', '', '101', '0']) {
        expect(problemOf(await app.inject({ method: 'GET', url: `/items?limit=${limit}` }))).toEqual({
          status: 400,
          code: 'validation_failed',
          fields: ['limit'],
        });
      }
      expect((await app.inject({ method: 'GET', url: '/items?limit=16' })).json().limit).toBe(16);
    });

    it('refuses cursors whose dates JavaScript parses and PostgreSQL does not, naming cursor', async () => {
      for (const at of ['1', '+275760-09-13T00:00:00.000Z', 'March 7, 2026 (holiday)']) {
        expect(problemOf(await app.inject({ method: 'GET', url: `/items?cursor=${b64([at, id])}` }))).toEqual({
          status: 400,
          code: 'invalid_cursor',
          fields: ['cursor'],
        });
      }
      const next = (await app.inject({ method: 'GET', url: '/items' })).json().next;
      expect((await app.inject({ method: 'GET', url: `/items?cursor=${next}` })).json().after).toEqual(['2026-03-07T10:00:00.000Z', id]);
    });

    it('answers a path segment over the router limit with 414 problem+json, not fastify JSON', async () => {
      const res = await app.inject({ method: 'GET', url: `/items/${'x'.repeat(200)}` });
      expect(problemOf(res)).toEqual({ status: 414, code: 'uri_too_long', fields: [] });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('answers badly percent-encoded paths with 400 problem+json', async () => {
      expect(problemOf(await app.inject({ method: 'GET', url: '/items/%E2%82' }))).toEqual({ status: 400, code: 'bad_url', fields: [] });
    });
  });

  describe('security headers', () => {
    it('sends nosniff and a CSP that loads nothing on API replies, no-store on replies to authenticated requests', async () => {
      const res = await app.inject({ method: 'GET', url: `/items/${id}`, headers: { authorization: 'Bearer x' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    });

    it("sends helmet's other defaults on every reply too: frame, referrer and cross-origin policies, HSTS", async () => {
      for (const url of [`/items/${id}`, '/nowhere']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.headers).toMatchObject({
          'x-frame-options': 'SAMEORIGIN',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-resource-policy': 'same-origin',
          'origin-agent-cluster': '?1',
          'x-dns-prefetch-control': 'off',
          'x-permitted-cross-domain-policies': 'none',
          'strict-transport-security': expect.stringMatching(/^max-age=\d+; includeSubDomains$/),
        });
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('sends no-store on problem replies', async () => {
      const res = await app.inject({ method: 'GET', url: '/nowhere' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('gives /docs a CSP under which the Swagger UI page loads: scripts and styles from the service only', async () => {
      const res = await app.inject({ method: 'GET', url: '/docs' });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data:");
      // Every script of the page is a same-origin file (no inline code, which script-src 'self' would block)...
      const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, code] of scripts) {
        expect(attributes).toMatch(/src=["'](\.\/)?(\/?docs\/)?[\w.-]+\.js["']/);
        expect(code.trim()).toBe('');
      }
      // ...and each of them is served.
      for (const [, attributes] of scripts) {
        const src = /src=["']([^"']+)["']/.exec(attributes)?.[1] as string;
        const file = await app.inject({ method: 'GET', url: new URL(src, 'http://service/docs').pathname });
        expect({ src, status: file.statusCode }).toEqual({ src, status: 200 });
      }
    });
  });
});

describe('/metrics access', () => {
  it('is open in development when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const app = await build();
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const app = await build({ METRICS_TOKEN: 'scrape-secret-0123456789' });
    try {
      const none = await app.inject({ method: 'GET', url: '/metrics' });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ code: 'metrics_token_required' });
      expect(
        (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-secret-0123456789' } })).statusCode,
      ).toBe(401);
      const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret-0123456789' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await app.close();
    }
  });

  it('moves to a listener of its own with METRICS_PORT: 404 on the service port, served on the metrics port', async () => {
    const app = await build({ METRICS_PORT: '0' });
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      const port = app.get(MetricsListener).port as number;
      const scraped = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
      expect(scraped.status).toBe(200);
      expect(scraped.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await app.close();
    }
  });

  it('stops a production service that sets neither, naming the variables', () => {
    const production = { NODE_ENV: 'production', AUTH_ISSUER: 'https://id.example', AUTH_JWKS_URL: 'https://id.example/jwks' };
    expect(() => loadConfig(EdgeTestConfig, production)).toThrow(ConfigError);
    expect(() => loadConfig(EdgeTestConfig, production)).toThrow(/METRICS_TOKEN is required/);
    expect(loadConfig(EdgeTestConfig, { ...production, METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(loadConfig(EdgeTestConfig, { ...production, METRICS_TOKEN: 'scrape-secret-0123456789' }).METRICS_TOKEN).toBe(
      'scrape-secret-0123456789',
    );
  });
});
