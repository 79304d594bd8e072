/* The gateway's console serving and development sign-in, on the real app (no browser): what is served from a build
 * folder and with which headers, what is never served, and the development routes' absence without the dev issuer. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TMP = join(__dirname, '../../../../tmp');
import { GatewayTestApp, startGatewayApp } from '../testing/gateway-test-app';
import { newSigningKey, TestIdentityProvider } from '../edge/testing/test-identity-provider';

const INDEX = '<!doctype html><html lang="en"><head><title>console</title></head><body><div id="root"></div></body></html>';

describe('console served by the gateway', () => {
  let dir: string;
  let gw: GatewayTestApp;
  beforeAll(async () => {
    await mkdir(TMP, { recursive: true });
    dir = await mkdtemp(join(TMP, 'console-int-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'index-AbC123.js'), 'console.log("app")');
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    gw = await startGatewayApp('gw_console', { env: { GATEWAY_CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await gw?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const get = (url: string, accept = 'text/html') => gw.app.inject({ method: 'GET', url, headers: { accept } });

  it('answers / and any console route a browser navigates to with index.html, revalidated, under a self-only CSP', async () => {
    for (const url of ['/', '/reports/new', '/research/5b0e3f52-2a39-4f33-9f0e-0d3c1e8f9a10?q=x']) {
      const res = await get(url);
      expect([url, res.statusCode, res.body]).toEqual([url, 200, INDEX]);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    }
  });

  it('serves hashed assets for a year and other files for an hour', async () => {
    const asset = await get('/assets/index-AbC123.js', '*/*');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await get('/favicon.svg', '*/*')).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('serves nothing outside the build, and keeps problem+json 404s for the API and for non-page requests', async () => {
    // A file is served only if the build listed it: traversal gets a 404, or index.html for a page navigation.
    for (const url of [
      '/assets/../../package.json',
      '/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/missing.js',
    ]) {
      const res = await get(url, '*/*');
      expect([url, res.statusCode]).toEqual([url, 404]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const page = await get(url);
      expect([200, 404]).toContain(page.statusCode);
      if (page.statusCode === 200) expect(page.body).toBe(INDEX);
      expect(page.body).not.toContain('wco-platform');
    }
    for (const url of ['/api/nowhere', '/docs/nothing', '/health/nothing', '/auth/nothing']) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 404]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get('/reports/new', 'application/json')).statusCode).toBe(404);
  });

  it('lists the seeded users and signs a working token for one (development issuer only)', async () => {
    const users = await gw.app.inject({ method: 'GET', url: '/auth/dev-login/users' });
    expect(users.statusCode).toBe(200);
    expect(users.json().map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(['officer-fr', 'officer-de', 'auditor-wco', 'audit-committee-be']),
    );
    const token = await gw.app.inject({ method: 'POST', url: '/auth/dev-login/token', payload: { user: 'officer-de' } });
    expect(token.statusCode).toBe(200);
    const claims = JSON.parse(Buffer.from(token.json().token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'dev-officer-de', wco_member: 'DE', wco_roles: ['member-analyst'], iss: 'urn:wco:dev-issuer' });
    expect(claims.exp - claims.iat).toBe(3600);
    const bad = await gw.app.inject({ method: 'POST', url: '/auth/dev-login/token', payload: { user: 'admin', roles: ['admin'] } });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['roles', 'user']);
  });

  it('tells the console to use the development sign-in only when no OpenID client is configured (no provider to discover)', async () => {
    const config = await gw.app.inject({ method: 'GET', url: '/auth/config' });
    expect([config.statusCode, config.json()]).toEqual([200, { devLogin: true }]);
    expect((await get('/auth/dev-issuer/.well-known/openid-configuration', 'application/json')).statusCode).toBe(404);
    const authorize = await get('/auth/dev-issuer/authorize?client_id=x&redirect_uri=http://localhost/signin/callback');
    expect([authorize.statusCode, authorize.headers['location']]).toEqual([400, undefined]);
  });
});

describe('gateway without the development issuer', () => {
  let idp: TestIdentityProvider;
  let gw: GatewayTestApp;
  beforeAll(async () => {
    idp = await TestIdentityProvider.start(await newSigningKey('k1'));
    gw = await startGatewayApp('gw_console_idp', { env: { ...idp.env(), GATEWAY_CONSOLE_DIR: join(TMP, 'no-console-here') } });
  });
  afterAll(async () => {
    await gw?.close();
    await idp?.close();
  });

  it('has no development sign-in routes and serves no console when the build folder is missing', async () => {
    for (const [method, url] of [
      ['GET', '/auth/dev-login/users'],
      ['POST', '/auth/dev-login/token'],
      ['GET', '/auth/dev-issuer/authorize'],
      ['POST', '/auth/dev-issuer/token'],
      ['GET', '/'],
    ] as const) {
      const res = await gw.app.inject({
        method,
        url,
        headers: { accept: 'text/html' },
        ...(method === 'POST' ? { payload: { user: 'officer-fr' } } : {}),
      });
      expect([method, url, res.statusCode]).toEqual([method, url, 404]);
    }
    expect((await gw.app.inject({ method: 'GET', url: '/auth/config' })).json()).toEqual({ devLogin: false });
  });
});
