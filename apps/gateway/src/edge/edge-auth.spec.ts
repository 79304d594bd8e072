import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer, InvalidTokenError, JwtVerifier, MissingTokenError, Principal } from '@wco/auth';
import { RateLimitedError } from '../proxy/proxy.errors';
import { authenticateAtEdge, EdgeTokens, RefusedTokens } from './edge-auth';

const principal: Principal = { subject: 's', member: 'FR', roles: ['member-analyst'] };

/** What authenticateAtEdge calls: a verifier that accepts (or refuses) whatever token it gets. */
function fakeVerifier(refuse = false): { verify(token: string): Promise<Principal> } {
  return {
    verify: async () => {
      if (refuse) throw new InvalidTokenError('signature verification failed');
      return principal;
    },
  };
}

describe('EdgeTokens', () => {
  let dir: string;
  let issuer: DevIssuer;
  let verifier: JwtVerifier;
  const valid = (subject: string): Promise<string> => issuer.issueToken({ subject, member: 'FR', roles: ['member-analyst'] });
  /** A token of the issuer's with one payload character changed: its signature no longer holds. */
  const forged = async (subject: string): Promise<string> => {
    const [header, payload, signature] = (await valid(subject)).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return [header, Buffer.from(JSON.stringify({ ...claims, member: 'KE' })).toString('base64url'), signature].join('.');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wco-edge-auth-'));
    issuer = await DevIssuer.load({ directory: dir, nodeEnv: 'test' });
  });
  beforeEach(() => {
    verifier = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks() });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a client’s new tokens with 429, good ones included, once it sent too many bad ones; other clients are unaffected', async () => {
    const tokens = new EdgeTokens(verifier, new RefusedTokens(3, 60_000));
    for (let i = 0; i < 3; i++) await expect(tokens.verify(await forged(`f${i}`), '10.0.0.1')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(tokens.verify(await forged('f3'), '10.0.0.1')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(tokens.verify(await valid('new'), '10.0.0.1')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(tokens.verify(await forged('f4'), '10.0.0.2')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(tokens.verify(await valid('other'), '10.0.0.2')).resolves.toMatchObject({ subject: 'other' });
  });

  it('lets a token the verifier already holds as verified through for a blocked client', async () => {
    const tokens = new EdgeTokens(verifier, new RefusedTokens(1, 60_000));
    const known = await valid('known');
    await expect(tokens.verify(known, '10.0.0.3')).resolves.toMatchObject({ subject: 'known' });
    await expect(tokens.verify(await forged('bad'), '10.0.0.3')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(tokens.verify(known, '10.0.0.3')).resolves.toMatchObject({ subject: 'known' });
    await expect(tokens.verify(await valid('unknown'), '10.0.0.3')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('with the verifier’s cache off, no token is known: a blocked client gets 429 for every token', async () => {
    const uncached = new JwtVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwks: issuer.jwks(),
      verifiedTokenCacheSeconds: 0,
    });
    const tokens = new EdgeTokens(uncached, new RefusedTokens(1, 60_000));
    const token = await valid('once');
    await expect(tokens.verify(token, '10.0.0.4')).resolves.toMatchObject({ subject: 'once' });
    await expect(tokens.verify(await forged('bad'), '10.0.0.4')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(tokens.verify(token, '10.0.0.4')).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe('RefusedTokens', () => {
  it('opens again when the window is over', async () => {
    const refused = new RefusedTokens(1, 50);
    refused.record('c');
    expect(() => refused.assertAllowed('c')).toThrow(RateLimitedError);
    await new Promise((r) => setTimeout(r, 60));
    expect(() => refused.assertAllowed('c')).not.toThrow();
  });
});

describe('authenticateAtEdge', () => {
  const verifier = fakeVerifier();

  it('lets a public route through without a token, and refuses anything else without one', async () => {
    await expect(authenticateAtEdge(verifier, undefined, true)).resolves.toBeUndefined();
    await expect(authenticateAtEdge(verifier, undefined, false)).rejects.toBeInstanceOf(MissingTokenError);
  });

  it('refuses a header that is not a bearer token: missing on a private route, invalid on a public one', async () => {
    await expect(authenticateAtEdge(verifier, 'Basic dXNlcjpwYXNz', false)).rejects.toBeInstanceOf(MissingTokenError);
    await expect(authenticateAtEdge(verifier, 'Basic dXNlcjpwYXNz', true)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(authenticateAtEdge(verifier, ['Bearer a', 'Bearer b'], false)).rejects.toBeInstanceOf(MissingTokenError);
  });

  it('verifies a bearer token on any route, public ones included', async () => {
    await expect(authenticateAtEdge(verifier, 'Bearer abc.def.ghi', true)).resolves.toEqual(principal);
    await expect(authenticateAtEdge(fakeVerifier(true), 'Bearer abc.def.ghi', true)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
