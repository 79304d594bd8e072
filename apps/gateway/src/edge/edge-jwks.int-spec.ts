import type { AddressInfo } from 'node:net';
import { GatewayTestApp, startGatewayApp } from '../testing/gateway-test-app';
import { LoopbackUpstream } from './testing/loopback-upstream';
import { newSigningKey, TestIdentityProvider } from './testing/test-identity-provider';

jest.setTimeout(60_000);

const claims = { subject: 'rotation-user', member: 'KE', roles: ['member-analyst' as const] };

describe('gateway edge: the issuer’s JWKS (key rotation by kid, rate-limited refetch)', () => {
  let idp: TestIdentityProvider;
  let upstream: LoopbackUpstream;
  let t: GatewayTestApp;
  let base: string;

  const get = async (token: string): Promise<{ status: number; code?: string }> => {
    const res = await fetch(`${base}/api/intel/items/1`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { code?: string };
    return { status: res.status, code: res.status === 200 ? undefined : body.code };
  };

  beforeAll(async () => {
    idp = await TestIdentityProvider.start(await newSigningKey('key-1'));
    upstream = await LoopbackUpstream.start('intel');
    t = await startGatewayApp('gateway_jwks', {
      env: { ...idp.env(), GATEWAY_UPSTREAM_INTEL: upstream.url, GATEWAY_JWKS_COOLDOWN_SECONDS: '2', GATEWAY_REFUSED_TOKENS_MAX: '30' },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
    await idp?.close();
  });

  it('verifies against the provider’s key set, fetched once and then cached', async () => {
    expect(await get(await idp.sign(claims))).toEqual({ status: 200 });
    expect(await get(await idp.sign(claims))).toEqual({ status: 200 });
    expect(idp.fetches).toBe(1);
  });

  it('refetches the key set for an unknown kid, at most once per cooldown however many forged kids arrive', async () => {
    const before = idp.fetches;
    const forged = await Promise.all(Array.from({ length: 25 }, async (_, i) => idp.sign(claims, await newSigningKey(`forged-${i}`))));
    const answers = await Promise.all(forged.map(get));
    expect(answers.every((a) => a.status === 401 && a.code === 'invalid_token')).toBe(true);
    expect(idp.fetches - before).toBeLessThanOrEqual(1);
    expect(upstream.seen.filter((s) => s.headers['authorization']?.includes(forged[0])).length).toBe(0);
  });

  it('accepts a token signed with a rotated-in key once the provider publishes it (new kid, key set refetched)', async () => {
    const next = await newSigningKey('key-2');
    idp.publish(next);
    await new Promise((r) => setTimeout(r, 2100)); // past the cooldown the forged kids started
    const before = idp.fetches;
    expect(await get(await idp.sign(claims, next))).toEqual({ status: 200 });
    expect(idp.fetches).toBe(before + 1);
    // The old key still verifies until the provider stops publishing it.
    expect(await get(await idp.sign(claims))).toEqual({ status: 200 });
  });

  it('refuses a client that keeps sending bad tokens with 429 before verifying them, and keeps serving its good token', async () => {
    const good = await idp.sign(claims);
    expect(await get(good)).toEqual({ status: 200 });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await get(await idp.sign(claims, await newSigningKey(`more-forged-${i}`)))).status);
    // 25 refused earlier in this file, 30 allowed per window: the 6th of these is over the budget.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    const limited = await fetch(`${base}/api/intel/items/1`, { headers: { authorization: 'Bearer a.b.c' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { code: string }).code).toBe('rate_limited');
    expect(await get(good)).toEqual({ status: 200 });
  });
});
