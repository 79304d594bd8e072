import { authOptionsFromConfig, AuthModuleOptions, InvalidTokenError, JwtVerifier, MissingTokenError, Principal } from '@wco/auth';
import type { GatewayConfig } from '../config/gateway.config';
import { RateLimitedError } from '../proxy/proxy.errors';

/** The platform's auth options (AUTH_*), with the gateway's bound on how often an unknown `kid` refetches the JWKS. */
export function gatewayAuthOptions(config: Readonly<GatewayConfig>): AuthModuleOptions {
  const options = authOptionsFromConfig(config);
  if ('verifier' in options) return { verifier: { ...options.verifier, jwksCooldownSeconds: config.GATEWAY_JWKS_COOLDOWN_SECONDS } };
  return options;
}

// The same shape the services' AuthGuard accepts, so the gateway never lets through what a service would refuse as malformed.
const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i;

/**
 * Refused tokens per client address in a fixed window: past `max`, a client's tokens that are not already known
 * good are refused with 429 before any signature is checked, so forged tokens cannot buy CPU time without bound
 * (the per-client rate limit applies after authentication, and a refused token never gets there).
 */
export class RefusedTokens {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxClients = 10_000,
  ) {}

  assertAllowed(client: string): void {
    const window = this.windows.get(client);
    const now = Date.now();
    if (!window || now - window.start >= this.windowMs) return;
    if (window.count >= this.max) throw new RateLimitedError(Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)), this.max);
  }

  record(client: string): void {
    const now = Date.now();
    const window = this.windows.get(client);
    if (window && now - window.start < this.windowMs) {
      window.count++;
      return;
    }
    if (this.windows.size >= this.maxClients) {
      for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
      if (this.windows.size >= this.maxClients) this.windows.delete(this.windows.keys().next().value as string);
    }
    this.windows.set(client, { start: now, count: 1 });
  }
}

/**
 * Tokens the gateway verified, remembered for at most `maxAgeMs` and never past their `exp`, so that a client's
 * next requests skip the signature check (~0.2 ms of CPU each). Refusals are never remembered. Every service still
 * verifies every request itself; what this saves is the edge's second check of the same token.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly verifier: Pick<JwtVerifier, 'verify'>,
    private readonly maxAgeMs: number,
    private readonly refused?: RefusedTokens,
    private readonly maxEntries = 10_000,
  ) {}

  /** `client` (the caller's address) is charged for a refused token. */
  async verify(token: string, client = ''): Promise<Principal> {
    const now = Date.now();
    const known = this.entries.get(token);
    if (known && known.until > now) return known.principal;
    if (known) this.entries.delete(token);
    this.refused?.assertAllowed(client);
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) this.refused?.record(client);
      throw error;
    }
    if (this.maxAgeMs > 0) {
      // Verified above, so the payload is well-formed and carries a numeric exp.
      const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
      this.entries.set(token, { principal, until: Math.min(now + this.maxAgeMs, exp * 1000) });
      // Oldest first out (insertion order), so the map stays bounded whoever sends tokens.
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return principal;
  }
}

/**
 * Authenticates a request at the edge: a token, when there is one, must verify (whatever the route: a public route
 * with a forged token is refused, as the services refuse it); without one only a public route passes. The
 * Authorization header itself is forwarded unchanged, and the service verifies it again.
 */
export async function authenticateAtEdge(
  verifier: { verify(token: string, client?: string): Promise<Principal> },
  header: string | string[] | undefined,
  isPublic: boolean,
  client?: string,
): Promise<Principal | undefined> {
  if (header === undefined) {
    if (isPublic) return undefined;
    throw new MissingTokenError();
  }
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match) {
    if (isPublic) throw new InvalidTokenError('the Authorization header is not a bearer token');
    throw new MissingTokenError();
  }
  return verifier.verify(match[1], client);
}
