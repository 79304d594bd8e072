import { InvalidTokenError, JwtVerifier, MissingTokenError, Principal } from '@wco/auth';
import { authenticateAtEdge, VerifiedTokens } from './edge-auth';

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
    const tokens = new VerifiedTokens(verifier, 60_000, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => tokenExpiringIn(600, id));
    for (const t of [a, b, c]) await tokens.verify(t);
    await tokens.verify(c);
    await tokens.verify(b);
    expect(calls()).toBe(3);
    await tokens.verify(a);
    expect(calls()).toBe(4);
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
