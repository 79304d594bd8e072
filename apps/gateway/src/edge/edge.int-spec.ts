import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { startGatewayApp, GatewayTestApp, TestUser } from '../testing/gateway-test-app';
import { ApiCatalogue } from '../openapi/api-catalogue';
import { closedPort, LoopbackUpstream } from './testing/loopback-upstream';

jest.setTimeout(90_000);

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
  text: string;
  ms: number;
}

const MB = 1024 * 1024;
const analyst: TestUser = { subject: 'edge-analyst', member: 'FR', roles: ['member-analyst'] };

describe('gateway edge: routing, limits and failures over real HTTP on loopback', () => {
  let t: GatewayTestApp;
  let base: string;
  let intel: LoopbackUpstream;
  let budget: LoopbackUpstream;
  let hanging: LoopbackUpstream;
  let token: string;

  /** One HTTP/1.1 request to the gateway; `body` may be a stream (sent chunked). */
  function send(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: Buffer | Readable } = {},
  ): Promise<Reply> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { method, headers: options.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, ms: performance.now() - started });
        });
      });
      req.on('error', reject);
      if (options.body instanceof Readable) options.body.pipe(req);
      else req.end(options.body);
    });
  }

  const bearer = (): Record<string, string> => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    [intel, budget, hanging] = await Promise.all([
      LoopbackUpstream.start('intel'),
      LoopbackUpstream.start('budget'),
      LoopbackUpstream.start('hanging'),
    ]);
    const down = await closedPort();
    t = await startGatewayApp('gateway_edge', {
      env: {
        GATEWAY_UPSTREAM_INTEL: intel.url,
        GATEWAY_UPSTREAM_BUDGET: budget.url,
        GATEWAY_UPSTREAM_ASSISTANCE: `http://127.0.0.1:${down}`,
        GATEWAY_UPSTREAM_RESEARCH: hanging.url,
        GATEWAY_UPSTREAM_TIMEOUT_MS: '800',
        GATEWAY_BODY_LIMIT_BYTES: String(160 * MB),
        GATEWAY_RATE_LIMIT_MAX: '40',
        GATEWAY_CORS_ORIGINS: 'https://console.example.org',
        // The test client plays the ingress: from it, X-Forwarded-For names the client.
        GATEWAY_TRUSTED_PROXIES: '127.0.0.1,::1',
      },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    token = await t.token(analyst);
    // Two of the four answer their document; the public-route test needs theirs.
    const catalogue = t.app.get(ApiCatalogue);
    for (let i = 0; i < 50 && !catalogue.isPublic(catalogue.upstreams[1], 'GET', '/public/ping'); i++)
      await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([intel?.close(), budget?.close(), hanging?.close()]);
  });

  it('routes each prefix to its service with the prefix removed and the query kept, and keeps its own routes', async () => {
    const a = await send('GET', '/api/intel/items/42?x=1&y=%C3%A9', { headers: bearer() });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ service: 'intel', url: '/items/42?x=1&y=%C3%A9' });
    const b = await send('GET', '/api/budget/items/7', { headers: bearer() });
    expect(b.body).toMatchObject({ service: 'budget', url: '/items/7' });
    expect((await send('GET', '/health/live')).status).toBe(200);
    const unknown = await send('GET', '/api/nowhere/items', { headers: bearer() });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('gives every proxied request an X-Request-Id, sends it upstream and returns it; passes a caller’s acceptable one on', async () => {
    const made = await send('GET', '/api/intel/items/1', { headers: bearer() });
    const id = made.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body.headers['x-request-id']).toBe(id);
    const passed = await send('GET', '/api/intel/items/1', { headers: { ...bearer(), 'x-request-id': 'client-trace.42' } });
    expect(passed.headers['x-request-id']).toBe('client-trace.42');
    expect(passed.body.headers['x-request-id']).toBe('client-trace.42');
    const refused = await send('GET', '/api/intel/items/1', { headers: { ...bearer(), 'x-request-id': 'has spaces; and=more' } });
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('forwards the Authorization header unchanged, so that the service verifies the token again', async () => {
    const res = await send('GET', '/api/intel/items/1', { headers: bearer() });
    expect(res.body.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('refuses a request without a token before it reaches the service (401), except on the service’s public routes', async () => {
    const before = intel.seen.length;
    const res = await send('GET', '/api/intel/items/1');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('missing_token');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="wco"');
    const forged = await send('GET', '/api/intel/public/ping', { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('invalid_token');
    expect(intel.seen.length).toBe(before);
    const open = await send('GET', '/api/intel/public/ping');
    expect(open.status).toBe(200);
    expect(open.body.url).toBe('/public/ping');
    // Public is per method and path: a POST to it, or a path below it, still needs a token.
    expect((await send('POST', '/api/intel/public/ping')).status).toBe(401);
    expect((await send('GET', '/api/intel/public/ping/deeper')).status).toBe(401);
  });

  it('does not forward the services’ /metrics (they are scraped from the service itself)', async () => {
    const res = await send('GET', '/api/intel/metrics', { headers: bearer() });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 413 problem+json for a body over the limit, by Content-Length or counted on a chunked stream', async () => {
    // Announced too large: refused on the headers alone, before any of the body is read (a raw socket, since the
    // client is cut off after the answer and an HTTP client would report the broken pipe instead of the reply).
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1', () => {
        socket.write(
          `POST /api/intel/echo HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${161 * MB}\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 3000).unref();
    });
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(raw).toContain('"code":"payload_too_large"');

    // Chunked, no Content-Length: counted as it streams. Written on a raw socket too, chunk after chunk until the
    // answer arrives (the gateway closes the connection after its 413, which an HTTP client reports as EPIPE).
    const chunkedAnswer = await new Promise<string>((resolve) => {
      let text = '';
      let sent = 0;
      const chunk = Buffer.alloc(MB, 0x62);
      const socket = connect(Number(new URL(base).port), '127.0.0.1', () => {
        socket.write(
          `POST /api/intel/echo HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer ${token}\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n`,
        );
        const pump = (): void => {
          while (text === '' && sent < 240 * MB && !socket.destroyed) {
            sent += chunk.length;
            socket.write(`${chunk.length.toString(16)}\r\n`);
            socket.write(chunk);
            if (!socket.write('\r\n')) return void socket.once('drain', pump);
          }
        };
        pump();
      });
      socket.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        // The whole problem document is in: stop sending (the request stays unfinished) and hang up.
        if (/"code":"[a-z_]+"[^}]*\}$/.test(text)) socket.destroy();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(text));
      setTimeout(() => socket.destroy(), 20_000).unref();
    });
    expect(chunkedAnswer).toMatch(/^HTTP\/1\.1 413 /);
    expect(chunkedAnswer).toMatch(/content-type: application\/problem\+json/i);
    expect(chunkedAnswer).toContain('"code":"payload_too_large"');
    const seen = intel.seen.filter((s) => s.url === '/echo');
    expect(Math.max(...seen.map((s) => s.bodyBytes))).toBeLessThanOrEqual(160 * MB);
  });

  it('answers 503 problem+json within a second when the service is down, and 504 when it does not answer in time', async () => {
    const down = await send('GET', '/api/assistance/items/1', { headers: bearer() });
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.body).toMatchObject({ code: 'upstream_unavailable', status: 503 });
    expect(down.headers['retry-after']).toBe('5');
    expect(down.ms).toBeLessThan(1000);

    const slow = await send('GET', '/api/research/hang', { headers: bearer() });
    expect(slow.status).toBe(504);
    expect(slow.body).toMatchObject({ code: 'upstream_timeout', status: 504 });
    // undici's timers are coarse (about half a second): the 800 ms timeout fires somewhere around it.
    expect(slow.ms).toBeGreaterThanOrEqual(400);
    expect(slow.ms).toBeLessThan(5000);
  });

  it('sends the house security headers on proxied replies and no-store when the request carried credentials', async () => {
    const res = await send('GET', '/api/intel/items/1', { headers: bearer() });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it("keeps a service's own security header values: the same value once, a different one instead of the gateway's", async () => {
    const res = await send('GET', '/api/intel/items/1', {
      headers: { ...bearer(), 'x-test-reply-headers': JSON.stringify({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' }) },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('allows CORS for the configured origins only, preflight included', async () => {
    const allowed = await send('GET', '/api/intel/items/1', { headers: { ...bearer(), origin: 'https://console.example.org' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.org');
    expect(allowed.headers['access-control-expose-headers']).toContain('x-request-id');
    const other = await send('GET', '/api/intel/items/1', { headers: { ...bearer(), origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send('OPTIONS', '/api/intel/echo', {
      headers: {
        origin: 'https://console.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    const own = await send('GET', '/health/live', { headers: { origin: 'https://console.example.org' } });
    expect(own.headers['access-control-allow-origin']).toBe('https://console.example.org');
  });

  it('limits each client: 429 problem+json with Retry-After past the budget, keyed by token subject, else by IP', async () => {
    const heavy = await t.token({ subject: 'edge-heavy-user', member: 'DE', roles: ['member-analyst'] });
    const other = await t.token({ subject: 'edge-other-user', member: 'DE', roles: ['member-analyst'] });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await send('GET', '/api/intel/items/1', { headers: { authorization: `Bearer ${heavy}` } })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await send('GET', '/api/intel/items/1', { headers: { authorization: `Bearer ${heavy}` } });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another subject (same IP) has its own budget.
    expect((await send('GET', '/api/intel/items/1', { headers: { authorization: `Bearer ${other}` } })).status).toBe(200);

    // Without a token the budget is the IP address's: public calls run out on their own.
    const anonymous: number[] = [];
    for (let i = 0; i < 41 && !anonymous.includes(429); i++) anonymous.push((await send('GET', '/api/intel/public/ping')).status);
    expect(anonymous.at(-1)).toBe(429);
    expect(anonymous.slice(0, -1).every((s) => s === 200)).toBe(true);
    // Behind a trusted proxy each forwarded client has its own budget.
    const forwarded = await send('GET', '/api/intel/public/ping', { headers: { 'x-forwarded-for': '198.51.100.23' } });
    expect(forwarded.status).toBe(200);
    expect((await send('GET', '/api/intel/items/1', { headers: { authorization: `Bearer ${other}` } })).status).toBe(200);
  });
});
