import { createServer, Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT } from 'jose';
import { DevIssuer } from './dev-issuer';
import { InvalidTokenError } from './auth.errors';
import { JwtVerifier } from './jwt-verifier';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('JwtVerifier', () => {
  let dir: string;
  let otherDir: string;
  let issuer: DevIssuer;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wco-auth-'));
    otherDir = mkdtempSync(join(tmpdir(), 'wco-auth-other-'));
    issuer = await DevIssuer.load({ directory: dir, nodeEnv: 'test' });
    verifier = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks() });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(otherDir, { recursive: true, force: true });
  });

  const reasonOf = (token: string) =>
    verifier.verify(token).then(
      () => 'accepted',
      (e: unknown) => (e instanceof InvalidTokenError ? e.reason : `unexpected ${String(e)}`),
    );

  it('accepts a valid token and maps its claims to a principal', async () => {
    const token = await issuer.issueToken({ subject: 'u-1', member: 'FR', roles: ['member-analyst'], name: 'Jeanne Martin' });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'u-1',
      member: 'FR',
      roles: ['member-analyst'],
      name: 'Jeanne Martin',
    });
  });

  it('rejects an expired token', async () => {
    const token = await issuer.issueToken({ subject: 'u', member: 'FR', roles: [], expiresIn: now() - 60 });
    expect(await reasonOf(token)).toBe('token expired');
  });

  it('tolerates a little clock skew but not a token valid only in the future', async () => {
    const skewed = await issuer.issueToken({ subject: 'u', member: 'FR', roles: [], notBefore: now() + 2 });
    expect(await reasonOf(skewed)).toBe('accepted');
    const future = await issuer.issueToken({ subject: 'u', member: 'FR', roles: [], notBefore: now() + 300 });
    expect(await reasonOf(future)).toBe('token not yet valid (nbf)');
  });

  it('rejects the wrong issuer and the wrong audience', async () => {
    expect(await reasonOf(await issuer.issueToken({ subject: 'u', member: 'FR', roles: [], issuer: 'https://evil.example' }))).toBe(
      'unexpected issuer (iss)',
    );
    expect(await reasonOf(await issuer.issueToken({ subject: 'u', member: 'FR', roles: [], audience: 'another-api' }))).toBe(
      'unexpected audience (aud)',
    );
  });

  it('rejects HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const publicKey = await importJWK(issuer.jwks().keys[0], 'ES256');
    const pem = await exportSPKI(publicKey as Parameters<typeof exportSPKI>[0]);
    const kid = issuer.jwks().keys[0].kid as string;
    for (const secret of [new TextEncoder().encode(pem), new TextEncoder().encode(JSON.stringify(issuer.jwks().keys[0]))]) {
      const forged = await new SignJWT({ wco_roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256', kid })
        .setSubject('attacker')
        .setIssuer(issuer.issuer)
        .setAudience(issuer.audience)
        .setExpirationTime('5m')
        .sign(secret);
      expect(await reasonOf(forged)).toBe('signing algorithm not allowed');
    }
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const claims = { sub: 'attacker', iss: issuer.issuer, aud: issuer.audience, exp: now() + 300, wco_roles: ['admin'] };
    expect(await reasonOf(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)).toBe('signing algorithm not allowed');
  });

  it('rejects a token whose payload was tampered with', async () => {
    const [header, , signature] = (await issuer.issueToken({ subject: 'u-1', member: 'KE', roles: ['member-analyst'] })).split('.');
    const tampered = { sub: 'u-1', iss: issuer.issuer, aud: issuer.audience, exp: now() + 300, wco_member: 'KE', wco_roles: ['admin'] };
    expect(await reasonOf(`${header}.${b64(tampered)}.${signature}`)).toBe('signature verification failed');
  });

  it('rejects a token signed by a key the key set does not have (unknown kid)', async () => {
    const stranger = await DevIssuer.load({ directory: otherDir, nodeEnv: 'test' });
    expect(await reasonOf(await stranger.issueToken({ subject: 'u', member: 'WCO', roles: ['admin'] }))).toBe(
      'no signing key matches the token (unknown kid)',
    );
  });

  describe('verified-token cache', () => {
    it('still refuses a token it verified before, once the token has expired', async () => {
      const strict = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks(), clockToleranceSeconds: 0 });
      const token = await issuer.issueToken({ subject: 'u-exp', member: 'FR', roles: [], expiresIn: now() + 1 });
      await expect(strict.verify(token)).resolves.toMatchObject({ subject: 'u-exp' });
      await new Promise((r) => setTimeout(r, 2100));
      await expect(strict.verify(token)).rejects.toThrow(InvalidTokenError);
    });

    it('gives every caller its own principal: changing one changes nothing for the next request', async () => {
      const token = await issuer.issueToken({ subject: 'u-copy', member: 'KE', roles: ['member-analyst'] });
      const first = await verifier.verify(token);
      first.roles.push('wco-admin' as never);
      first.member = 'WCO';
      await expect(verifier.verify(token)).resolves.toEqual({ subject: 'u-copy', member: 'KE', roles: ['member-analyst'] });
    });

    it('says whether it holds a token as verified, without verifying anything', async () => {
      const fresh = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks(), clockToleranceSeconds: 0 });
      const token = await issuer.issueToken({ subject: 'u-known', member: 'FR', roles: [] });
      expect(fresh.isKnown(token)).toBe(false);
      await fresh.verify(token);
      expect(fresh.isKnown(token)).toBe(true);
      const [header, , signature] = token.split('.');
      const tampered = `${header}.${b64({ sub: 'u-known', member: 'KE', iss: issuer.issuer, aud: issuer.audience, iat: now(), exp: now() + 60 })}.${signature}`;
      await expect(fresh.verify(tampered)).rejects.toThrow(InvalidTokenError);
      expect(fresh.isKnown(tampered)).toBe(false);

      const expiring = await issuer.issueToken({ subject: 'u-soon', member: 'FR', roles: [], expiresIn: now() + 1 });
      await fresh.verify(expiring);
      expect(fresh.isKnown(expiring)).toBe(true);
      await new Promise((r) => setTimeout(r, 2100));
      expect(fresh.isKnown(expiring)).toBe(false);

      const off = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks(), verifiedTokenCacheSeconds: 0 });
      await off.verify(token);
      expect(off.isKnown(token)).toBe(false);
    });

    it('keeps at most the configured number of tokens, and a token it let go is verified again in full', async () => {
      const small = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks(), verifiedTokenCacheSize: 2 });
      const tokens = await Promise.all(['a', 'b', 'c'].map((s) => issuer.issueToken({ subject: `u-${s}`, member: 'FR', roles: [] })));
      for (const t of tokens) await small.verify(t);
      const held = (small as unknown as { verified: Map<string, unknown> }).verified;
      expect([...held.keys()]).toEqual([tokens[1], tokens[2]]);
      await expect(small.verify(tokens[0])).resolves.toMatchObject({ subject: 'u-a' });
    });
  });

  it('refuses to be configured with a symmetric algorithm or two key sources', () => {
    expect(() => new JwtVerifier({ issuer: 'i', audience: 'a', jwks: issuer.jwks(), algorithms: ['HS256' as never] })).toThrow(
      /refuses non-asymmetric algorithms: HS256/,
    );
    expect(() => new JwtVerifier({ issuer: 'i', audience: 'a' })).toThrow(/exactly one of jwksUrl or jwks/);
  });

  describe('with a remote JWKS (RS256, Keycloak-style roles)', () => {
    let server: Server;
    let url: string;
    let sign: (claims: Record<string, unknown>) => Promise<string>;

    beforeAll(async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/certs`;
      sign = (claims) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
          .setSubject('kc-user')
          .setIssuer('https://id.example/realms/wco')
          .setAudience('wco-platform')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
    });

    afterAll(() => new Promise((r) => server.close(r)));

    it('fetches the keys and reads roles from realm_access, ignoring roles the platform does not know', async () => {
      const remote = new JwtVerifier({ issuer: 'https://id.example/realms/wco', audience: 'wco-platform', jwksUrl: url });
      const token = await sign({ wco_member: 'BR', realm_access: { roles: ['offline_access', 'auditor', 'default-roles-wco'] } });
      await expect(remote.verify(token)).resolves.toEqual({ subject: 'kc-user', member: 'BR', roles: ['auditor'] });
    });
  });

  describe('DevIssuer', () => {
    it('keeps one key pair across loads, even when loaded concurrently, with a README saying it is a development key', async () => {
      const fresh = mkdtempSync(join(tmpdir(), 'wco-auth-fresh-'));
      try {
        const loaded = await Promise.all(Array.from({ length: 4 }, () => DevIssuer.load({ directory: fresh, nodeEnv: 'test' })));
        const kids = new Set(loaded.map((l) => l.jwks().keys[0].kid));
        expect(kids.size).toBe(1);
        expect((await DevIssuer.load({ directory: fresh, nodeEnv: 'test' })).jwks().keys[0].kid).toBe([...kids][0]);
        expect(readFileSync(join(fresh, 'README.md'), 'utf8')).toContain('DEVELOPMENT signing key');
        expect(loaded[0].jwks().keys[0]).not.toHaveProperty('d');
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    });

    it('is refused in production', async () => {
      await expect(DevIssuer.load({ directory: dir, nodeEnv: 'production' })).rejects.toThrow(/disabled when NODE_ENV=production/);
    });
  });
});
