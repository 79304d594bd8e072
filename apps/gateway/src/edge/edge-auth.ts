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
 * Authenticates a request at the edge: a token, when there is one, must verify (whatever the route: a public route
 * with a forged token is refused, as the services refuse it); without one only a public route passes. The
 * Authorization header itself is forwarded unchanged, and the service verifies it again.
 */
export async function authenticateAtEdge(
  verifier: JwtVerifier,
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
