import { InvalidTokenError, JwtVerifier, MissingTokenError, Principal } from '@wco/auth';
import { RateLimitedError } from '../proxy/proxy.errors';
import { authenticateAtEdge, RefusedTokens, VerifiedTokens } from './edge-auth';

const principal: Principal = { subject: 's', member: 'FR', roles: ['member-analyst'] };

/** A JWT-shaped string whose payload carries `exp` (the signature part is not checked by the fake verifier). */
const tokenExpiringIn = (seconds: number, id = 'a'): string =>
  `h.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + seconds, id })).toString('base64url')}.sig`;

function countingVerifier(refuse = false): { verifier: JwtVerifier; calls: () => number } {
  let calls = 0;
  const verifier = {
    verify: async () => {
      calls++;
      if (refuse) throw new InvalidTokenError('signature verification failed');
      return principal;
    },
  } as unknown as JwtVerifier;
  return { verifier, calls: () => calls };
}

describe('VerifiedTokens', () => {
  it('verifies a token once and answers its next uses from memory', async () => {
    const { verifier, calls } = countingVerifier();
    const tokens = new VerifiedTokens(verifier, 60_000);
    const token = tokenExpiringIn(600);
    expect(await tokens.verify(token)).toEqual(principal);
    expect(await tokens.verify(token)).toEqual(principal);
    expect(calls()).toBe(1);
  });

  it('never remembers a token past its exp, nor a refused one, nor anything with a max age of 0', async () => {
    const soon = countingVerifier();
    const expiring = new VerifiedTokens(soon.verifier, 60_000);
    const token = tokenExpiringIn(0);
    await expiring.verify(token);
    await expiring.verify(token);
    expect(soon.calls()).toBe(2);

    const bad = countingVerifier(true);
    const refusing = new VerifiedTokens(bad.verifier, 60_000);
    await expect(refusing.verify(tokenExpiringIn(600))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(refusing.verify(tokenExpiringIn(600))).rejects.toBeInstanceOf(InvalidTokenError);
    expect(bad.calls()).toBe(2);

    const off = countingVerifier();
    const disabled = new VerifiedTokens(off.verifier, 0);
    const t = tokenExpiringIn(600);
    await disabled.verify(t);
    await disabled.verify(t);
    expect(off.calls()).toBe(2);
  });

  it('stays bounded: the oldest token goes first', async () => {
    const { verifier, calls } = countingVerifier();
    const tokens = new VerifiedTokens(verifier, 60_000, undefined, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => tokenExpiringIn(600, id));
    for (const t of [a, b, c]) await tokens.verify(t);
    await tokens.verify(c);
    await tokens.verify(b);
    expect(calls()).toBe(3);
    await tokens.verify(a);
    expect(calls()).toBe(4);
  });
});

describe('RefusedTokens', () => {
  it('refuses a client’s unknown tokens unverified once it sent too many bad ones, other clients and known tokens unaffected', async () => {
    const bad = countingVerifier(true);
    const refused = new RefusedTokens(3, 60_000);
    const tokens = new VerifiedTokens(bad.verifier, 60_000, refused);
    for (let i = 0; i < 3; i++)
      await expect(tokens.verify(tokenExpiringIn(600, `f${i}`), '10.0.0.1')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(tokens.verify(tokenExpiringIn(600, 'f3'), '10.0.0.1')).rejects.toBeInstanceOf(RateLimitedError);
    expect(bad.calls()).toBe(3);
    await expect(tokens.verify(tokenExpiringIn(600, 'f4'), '10.0.0.2')).rejects.toBeInstanceOf(InvalidTokenError);

    const good = countingVerifier();
    const shared = new RefusedTokens(1, 60_000);
    const cache = new VerifiedTokens(good.verifier, 60_000, shared);
    const known = tokenExpiringIn(600, 'known');
    await cache.verify(known, '10.0.0.3');
    shared.record('10.0.0.3');
    await expect(cache.verify(known, '10.0.0.3')).resolves.toEqual(principal);
    await expect(cache.verify(tokenExpiringIn(600, 'new'), '10.0.0.3')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('opens again when the window is over', async () => {
    const refused = new RefusedTokens(1, 50);
    refused.record('c');
    expect(() => refused.assertAllowed('c')).toThrow(RateLimitedError);
    await new Promise((r) => setTimeout(r, 60));
    expect(() => refused.assertAllowed('c')).not.toThrow();
  });
});

describe('authenticateAtEdge', () => {
  const { verifier } = countingVerifier();

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
    await expect(authenticateAtEdge(countingVerifier(true).verifier, 'Bearer abc.def.ghi', true)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
