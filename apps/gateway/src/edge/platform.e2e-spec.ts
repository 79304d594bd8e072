import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { WCO_ROLES, WcoRole } from '@wco/auth';
import { lintOpenApi } from '@wco/testing';
import { Platform, ServiceKey, SERVICES, startPlatform } from './testing/platform-fixture';
import { newSigningKey } from './testing/test-identity-provider';

// Four services as child processes on a 2-core machine: start-up dominates.
jest.setTimeout(300_000);

interface Answer {
  status: number;
  body: any;
  contentType: string;
}

const SECRETARIAT_ROLES: readonly WcoRole[] = [
  'operation-coordinator',
  'assistance-coordinator',
  'finance-officer',
  'finance-committee',
  'auditor',
  'editor',
  'admin',
];
const memberOf = (role: WcoRole): string => (SECRETARIAT_ROLES.includes(role) ? 'WCO' : 'FR');

/**
 * Who may call what, written here from the platform's role rules (DESIGN.md, "Users and roles"), not read from the
 * services: every other role must be refused with 403 insufficient_role, through the gateway as directly.
 */
const ROLE_RULES: { service: ServiceKey; method: 'GET' | 'POST'; path: string; allowed: WcoRole[] }[] = [
  { service: 'intel', method: 'POST', path: '/operations', allowed: ['operation-coordinator'] },
  { service: 'budget', method: 'POST', path: '/fiscal-years', allowed: ['finance-officer'] },
  {
    service: 'budget',
    method: 'GET',
    path: '/fiscal-years',
    allowed: ['finance-officer', 'finance-committee', 'auditor', 'audit-committee', 'admin'],
  },
  { service: 'assistance', method: 'POST', path: '/experts', allowed: ['assistance-coordinator'] },
  { service: 'assistance', method: 'GET', path: '/experts/me', allowed: ['expert'] },
  { service: 'research', method: 'POST', path: '/publications', allowed: ['editor'] },
];

describe('gateway in front of the real services (child processes): auth at the edge, roles, one API reference', () => {
  let p: Platform;
  const tokens = new Map<WcoRole, string>();

  async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, contentType: res.headers.get('content-type') ?? '' };
  }
  const viaGateway = (
    service: ServiceKey,
    method: string,
    path: string,
    headers?: Record<string, string>,
    body?: unknown,
  ): Promise<Answer> => call(p.gatewayUrl, method, `/api/${service}${path}`, headers, body);
  const direct = (service: ServiceKey, method: string, path: string, headers?: Record<string, string>, body?: unknown): Promise<Answer> =>
    call(p.direct[service], method, path, headers, body);
  const as = (role: WcoRole): Record<string, string> => ({ authorization: `Bearer ${tokens.get(role)}` });

  beforeAll(async () => {
    p = await startPlatform('gw_platform');
    for (const role of WCO_ROLES) tokens.set(role, await p.idp.sign({ subject: `matrix-${role}`, member: memberOf(role), roles: [role] }));
  });
  afterAll(async () => {
    await p?.close();
  });

  describe('the auth negative suite: refused with 401 at the gateway', () => {
    const claims = { subject: 'neg-user', member: 'FR', roles: ['member-analyst'] as WcoRole[] };
    const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: [string, () => Promise<string>][] = [
      ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${(await p.idp.sign(claims)).split('.')[1]}.`],
      [
        'HS256 signed with the public key as the secret',
        async () => {
          const payload = JSON.parse(Buffer.from((await p.idp.sign(claims)).split('.')[1], 'base64url').toString('utf8'));
          return new SignJWT(payload)
            .setProtectedHeader({ alg: 'HS256', kid: p.idp.key.kid, typ: 'JWT' })
            .sign(new TextEncoder().encode(JSON.stringify(p.idp.key.publicJwk)));
        },
      ],
      ['expired', () => p.idp.sign({ ...claims, issuedAt: -3600, expiresIn: 600 })],
      ['wrong audience', () => p.idp.sign({ ...claims, audience: 'another-platform' })],
      ['wrong issuer', () => p.idp.sign({ ...claims, issuer: 'https://evil.example/realms/wco' })],
      ['unknown kid', async () => p.idp.sign(claims, await newSigningKey('never-published'))],
      [
        'tampered payload (roles raised after signing)',
        async () => {
          const [header, , signature] = (await p.idp.sign(claims)).split('.');
          return `${header}.${b64({ sub: 'neg-user', wco_member: 'WCO', wco_roles: ['admin'], iss: 'x', aud: 'wco-platform', exp: 9e9, iat: 1 })}.${signature}`;
        },
      ],
    ];

    it.each(cases)('%s', async (_name, make) => {
      const token = await make();
      for (const service of SERVICES) {
        const res = await viaGateway(service.key, 'GET', '/health/live', { authorization: `Bearer ${token}` });
        expect({ service: service.key, status: res.status, code: res.body.code }).toEqual({
          service: service.key,
          status: 401,
          code: 'invalid_token',
        });
        expect(res.contentType).toContain('application/problem+json');
      }
      // The service refuses it too (the gateway forwards the header unchanged, and the service verifies again).
      expect((await direct('intel', 'GET', '/operations', { authorization: `Bearer ${token}` })).status).toBe(401);
    });

    it('accepts a good token of the same provider (the refusals above are about the token, not the setup)', async () => {
      const token = await p.idp.sign(claims);
      const res = await viaGateway('intel', 'GET', '/operations', { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
    });
  });

  it('keeps the services’ public routes reachable without a token, and nothing else', async () => {
    const publicCalls: [ServiceKey, string][] = [
      ['research', '/oai?verb=Identify'],
      ['budget', '/.well-known/audit-log-key'],
      ['intel', '/health/live'],
      ['assistance', '/health/ready'],
    ];
    for (const [service, path] of publicCalls) {
      const through = await viaGateway(service, 'GET', path);
      const straight = await direct(service, 'GET', path);
      expect({ service, path, status: through.status }).toEqual({ service, path, status: 200 });
      expect(through.status).toBe(straight.status);
    }
    const closed = await viaGateway('intel', 'GET', '/operations');
    expect(closed.status).toBe(401);
    expect(closed.body.code).toBe('missing_token');
  });

  it('answers every role on every GET route of every service as the service does, never with a 5xx', async () => {
    const id = randomUUID();
    const mismatches: string[] = [];
    let compared = 0;
    for (const service of SERVICES) {
      const document = (await (await fetch(`${p.direct[service.key]}/docs/openapi.json`)).json()) as {
        paths: Record<string, Record<string, any>>;
      };
      const routes = Object.entries(document.paths)
        .filter(([path, item]) => item['get'] && !/^\/(metrics|docs|health)/.test(path))
        .filter(([, item]) => !Object.keys(item['get'].responses?.['200']?.content ?? {}).includes('text/event-stream'))
        .map(([path]) => path.replace(/\{[^}]+\}/g, id));
      expect(routes.length).toBeGreaterThan(2);
      for (const path of routes) {
        for (const role of WCO_ROLES) {
          const [through, straight] = [
            await viaGateway(service.key, 'GET', path, as(role)),
            await direct(service.key, 'GET', path, as(role)),
          ];
          compared++;
          if (through.status !== straight.status || through.status >= 500) {
            mismatches.push(`${service.key} GET ${path} as ${role}: gateway ${through.status}, direct ${straight.status}`);
          }
        }
      }
    }
    process.stdout.write(`role x route matrix: ${compared} GET requests compared through the gateway and directly\n`);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it.each(ROLE_RULES)(
    '$service $method $path: roles outside $allowed get 403 insufficient_role, through the gateway as directly',
    async (rule) => {
      for (const role of WCO_ROLES) {
        const body = rule.method === 'POST' ? {} : undefined;
        const through = await viaGateway(rule.service, rule.method, rule.path, as(role), body);
        const straight = await direct(rule.service, rule.method, rule.path, as(role), body);
        expect({ role, status: through.status }).toEqual({ role, status: straight.status });
        if (rule.allowed.includes(role)) {
          expect({ role, status: through.status }).not.toEqual({ role, status: 403 });
          expect(through.status).toBeLessThan(500);
        } else {
          expect({ role, status: through.status, code: through.body.code }).toEqual({ role, status: 403, code: 'insufficient_role' });
        }
      }
    },
  );

  describe('one OpenAPI document at /docs/openapi.json', () => {
    let doc: any;
    beforeAll(async () => {
      doc = await (await fetch(`${p.gatewayUrl}/docs/openapi.json`)).json();
    });

    it('lints with zero errors (redocly recommended + spectral:oas)', async () => {
      const result = await lintOpenApi(doc);
      process.stdout.write(
        `aggregated OpenAPI: ${Object.keys(doc.paths).length} paths, lint ${result.errors} errors, ${result.warnings} warnings ${JSON.stringify(result.messages.filter((m) => m.severity === 'warning').map((m) => `${m.tool} ${m.rule} ${m.where}`))}\n`,
      );
      const errors = result.messages.filter((m) => m.severity === 'error');
      expect(errors).toEqual([]);
      expect(result.errors).toBe(0);
    });

    it('holds every service’s routes under its prefix with their roles and errors, and no name collides', async () => {
      for (const service of SERVICES) {
        const own = (await (await fetch(`${p.direct[service.key]}/docs/openapi.json`)).json()) as { paths: Record<string, any> };
        for (const [path, item] of Object.entries(own.paths)) {
          if (path === '/metrics') continue;
          const merged = doc.paths[`/api/${service.key}${path}`];
          expect({ path, present: merged !== undefined }).toEqual({ path, present: true });
          for (const [method, operation] of Object.entries(item as Record<string, any>)) {
            expect(merged[method]['x-roles']).toEqual(operation['x-roles']);
            for (const status of Object.keys(operation.responses)) expect(merged[method].responses[status]).toBeDefined();
            expect(merged[method].responses['503']).toBeDefined();
            expect(merged[method].tags.every((t: string) => t.startsWith(`${service.name}: `))).toBe(true);
          }
        }
        expect(doc.paths[`/api/${service.key}/metrics`]).toBeUndefined();
      }
      const ids = Object.values(doc.paths).flatMap((item: any) => Object.values(item).map((o: any) => o.operationId));
      expect(new Set(ids).size).toBe(ids.length);
      const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
      for (const ref of new Set(refs)) expect(doc.components.schemas[ref.slice(22, -1)]).toBeDefined();
      expect(doc.paths['/docs/openapi.json']).toBeDefined();
    });

    it('serves a browsable reference at /docs from the gateway itself, within the docs CSP (no CDN, no inline script)', async () => {
      const page = await fetch(`${p.gatewayUrl}/docs`);
      const html = await page.text();
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc).not.toContain('unsafe-inline');
      expect(html).not.toMatch(/https?:\/\//);
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      for (const [, attributes, content] of scripts)
        expect(attributes.includes('src=') || attributes.includes('application/json') || content.trim() === '').toBe(true);
      const bundle = await fetch(`${p.gatewayUrl}/docs/scalar.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(100_000);
    });
  });
});
