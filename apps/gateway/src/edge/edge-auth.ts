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
 * The edge's check of a bearer token: the platform's `JwtVerifier` (whose verified-token cache,
 * `AUTH_VERIFIED_TOKEN_CACHE_SECONDS`, spares a client's next requests the signature check), with the refused-token
 * accounting in front of it. A client past its refused-token budget gets 429 for any token the verifier does not
 * already hold as verified; a token it holds still passes. Every service still verifies every request itself.
 */
export class EdgeTokens {
  constructor(
    private readonly verifier: Pick<JwtVerifier, 'verify' | 'isKnown'>,
    private readonly refused?: RefusedTokens,
  ) {}

  /** `client` (the caller's address) is charged for a refused token. */
  async verify(token: string, client = ''): Promise<Principal> {
    if (!this.verifier.isKnown(token)) this.refused?.assertAllowed(client);
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) this.refused?.record(client);
      throw error;
    }
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
