import { authOptionsFromConfig, AuthModuleOptions, InvalidTokenError, JwtVerifier, MissingTokenError, Principal } from '@wco/auth';
import type { GatewayConfig } from '../config/gateway.config';

/** The platform's auth options (AUTH_*), with the gateway's bound on how often an unknown `kid` refetches the JWKS. */
export function gatewayAuthOptions(config: Readonly<GatewayConfig>): AuthModuleOptions {
  const options = authOptionsFromConfig(config);
  if ('verifier' in options) return { verifier: { ...options.verifier, jwksCooldownSeconds: config.GATEWAY_JWKS_COOLDOWN_SECONDS } };
  return options;
}

// The same shape the services' AuthGuard accepts, so the gateway never lets through what a service would refuse as malformed.
const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i;

/**
 * Tokens the gateway verified, remembered for at most `maxAgeMs` and never past their `exp`, so that a client's
 * next requests skip the signature check (~0.2 ms of CPU each). Refusals are never remembered. Every service still
 * verifies every request itself; what this saves is the edge's second check of the same token.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly maxAgeMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(token: string): Promise<Principal> {
    const now = Date.now();
    const known = this.entries.get(token);
    if (known && known.until > now) return known.principal;
    if (known) this.entries.delete(token);
    const principal = await this.verifier.verify(token);
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
  verifier: Pick<JwtVerifier, 'verify'>,
  header: string | string[] | undefined,
  isPublic: boolean,
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
  return verifier.verify(match[1]);
}
