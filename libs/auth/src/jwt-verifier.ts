import { createLocalJWKSet, createRemoteJWKSet, errors, JSONWebKeySet, jwtVerify, JWTPayload, JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, KeySetUnavailableError } from './auth.errors';
import { isWcoRole, Principal, WcoRole } from './roles';

/** Asymmetric algorithms only: with HS* a public key could be used as the HMAC secret; `none` is never accepted. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export const DEFAULT_ALGORITHMS: AsymmetricAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

export interface JwtVerifierOptions {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud` (the token must list it). */
  audience: string;
  /** The provider's JWKS endpoint; fetched on demand, cached, refetched on an unknown `kid`. */
  jwksUrl?: string;
  /** A key set held locally (the development issuer, tests). */
  jwks?: JSONWebKeySet;
  algorithms?: AsymmetricAlgorithm[];
  /** Allowed clock skew for exp/nbf. Default 5 s. */
  clockToleranceSeconds?: number;
}

const MEMBER_CODE = /^[A-Z]{2}$/;

/** Verifies OIDC bearer JWTs and maps their claims to a Principal. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly algorithms: AsymmetricAlgorithm[];

  constructor(private readonly options: JwtVerifierOptions) {
    if (!options.jwksUrl === !options.jwks) throw new Error('JwtVerifier needs exactly one of jwksUrl or jwks');
    this.algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
    const refused = this.algorithms.filter((a) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a));
    if (refused.length > 0) throw new Error(`JwtVerifier refuses non-asymmetric algorithms: ${refused.join(', ')}`);
    this.keys = options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
      : createLocalJWKSet(options.jwks as JSONWebKeySet);
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw translate(error);
    }
    return toPrincipal(payload);
  }
}

function translate(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('token expired', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reason =
      error.claim === 'nbf'
        ? 'token not yet valid (nbf)'
        : error.claim === 'iss'
          ? 'unexpected issuer (iss)'
          : error.claim === 'aud'
            ? 'unexpected audience (aud)'
            : error.reason === 'missing'
              ? `missing claim ${error.claim}`
              : `invalid claim ${error.claim}`;
    return new InvalidTokenError(reason, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError('signing algorithm not allowed', { cause: error });
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('signature verification failed', { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidTokenError('no signing key matches the token (unknown kid)', { cause: error });
  if (error instanceof errors.JWKSMultipleMatchingKeys) return new InvalidTokenError('several signing keys match the token', { cause: error });
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return new KeySetUnavailableError(error.message, { cause: error });
  if (error instanceof errors.JOSEError) return new InvalidTokenError(`malformed token (${error.code})`, { cause: error });
  // createRemoteJWKSet rejects with a plain error when the endpoint cannot be reached.
  if (error instanceof Error && /fetch|ECONNREFUSED|ENOTFOUND|network/i.test(`${error.message} ${String(error.cause)}`)) {
    return new KeySetUnavailableError(error.message, { cause: error });
  }
  return new InvalidTokenError('token could not be verified', { cause: error });
}

// The `?? 'WCO'` below is the one place a token without wco_member becomes Secretariat staff; it goes when tokens
// must carry the Member explicitly (DESIGN.md, "Fail closed").
function toPrincipal(payload: JWTPayload): Principal {
  const member = payload['wco_member'];
  if (member !== undefined && (typeof member !== 'string' || !MEMBER_CODE.test(member))) {
    throw new InvalidTokenError('claim wco_member must be an ISO 3166-1 alpha-2 code such as FR');
  }
  const realmAccess = payload['realm_access'] as { roles?: unknown } | undefined;
  const claimed = Array.isArray(payload['wco_roles']) ? payload['wco_roles'] : Array.isArray(realmAccess?.roles) ? realmAccess.roles : [];
  const roles = [...new Set((claimed as unknown[]).filter(isWcoRole))] as WcoRole[];
  const name = typeof payload['name'] === 'string' ? payload['name'] : undefined;
  return { subject: payload.sub as string, member: (member as string | undefined) ?? 'WCO', roles, ...(name ? { name } : {}) };
}
