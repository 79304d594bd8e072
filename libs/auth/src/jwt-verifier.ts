import { createLocalJWKSet, createRemoteJWKSet, errors, JSONWebKeySet, jwtVerify, JWTPayload, JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, KeySetUnavailableError, UnusableClaimsError } from './auth.errors';
import { isWcoRole, Principal, WCO_SECRETARIAT, WcoRole } from './roles';

/** Asymmetric algorithms only: with HS* a public key could be used as the HMAC secret; `none` is never accepted. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
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
  /** Allowed clock skew for exp/nbf/iat. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Longest accepted `exp - iat` (AUTH_MAX_TOKEN_LIFETIME_SECONDS). Default 12 hours. */
  maxTokenLifetimeSeconds?: number;
  /** With jwksUrl: shortest time between two fetches of the key set for an unknown `kid`. Default 30 s. */
  jwksCooldownSeconds?: number;
  /**
   * How long a token, once verified, is taken again without checking its signature (its `exp` is still checked on
   * every use). A key withdrawn from the key set stops being accepted after at most this long. Default 60 s; 0 turns
   * the cache off.
   */
  verifiedTokenCacheSeconds?: number;
  /** Most tokens held by that cache. Default 10,000. */
  verifiedTokenCacheSize?: number;
}

interface VerifiedToken {
  principal: Principal;
  /** `exp` in ms. */
  expiresAt: number;
  /** When the cache entry lapses, in ms. */
  cachedUntil: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
const MEMBER_CODE = /^[A-Z]{2}$/;
const MAX_SUBJECT_LENGTH = 255;
// C0, DEL and C1 controls (Unicode category Cc): a subject is written to logs, receipts and events.
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Verifies OIDC bearer JWTs and maps their claims to a Principal. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly algorithms: AsymmetricAlgorithm[];
  /** Verified tokens by their exact text, oldest first (a signature check costs more than the rest of a small request). */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly options: JwtVerifierOptions) {
    if (!options.jwksUrl === !options.jwks) throw new Error('JwtVerifier needs exactly one of jwksUrl or jwks');
    this.algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
    const refused = this.algorithms.filter((a) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a));
    if (refused.length > 0) throw new Error(`JwtVerifier refuses non-asymmetric algorithms: ${refused.join(', ')}`);
    this.keys = options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), {
          timeoutDuration: 3000,
          cooldownDuration: (options.jwksCooldownSeconds ?? 30) * 1000,
          cacheMaxAge: 10 * 60_000,
        })
      : createLocalJWKSet(options.jwks as JSONWebKeySet);
  }

  async verify(token: string): Promise<Principal> {
    const tolerance = this.tolerance();
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit) {
      // A lapsed or expired entry goes through the full check again (which refuses an expired token).
      if (isFresh(hit, now, tolerance)) return copy(hit.principal);
      this.verified.delete(token);
    }
    const { principal, expiresAt } = await this.verifyFully(token, tolerance);
    this.remember(token, principal, expiresAt, now);
    return copy(principal);
  }

  /**
   * Whether `verify` would take `token` from the verified-token cache, without a signature check. Nothing changes:
   * the gateway asks this to let a known token through for a client that is refused new tokens.
   */
  isKnown(token: string): boolean {
    const hit = this.verified.get(token);
    return hit !== undefined && isFresh(hit, Date.now(), this.tolerance());
  }

  private tolerance(): number {
    return this.options.clockToleranceSeconds ?? 5;
  }

  private remember(token: string, principal: Principal, expiresAt: number, now: number): void {
    const seconds = this.options.verifiedTokenCacheSeconds ?? 60;
    if (seconds <= 0) return;
    const size = this.options.verifiedTokenCacheSize ?? 10_000;
    while (this.verified.size >= size) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, expiresAt, cachedUntil: now + seconds * 1000 });
  }

  private async verifyFully(token: string, tolerance: number): Promise<{ principal: Principal; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: tolerance,
        // iat is required so that the lifetime can be bounded: a token that does not say when it was issued is refused.
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw translate(error);
    }
    checkTimes(payload, tolerance, this.options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
    return { principal: toPrincipal(payload), expiresAt: (payload.exp as number) * 1000 };
  }
}

/** The entry has not lapsed, and its token has not expired as jose checks it (`exp` plus the clock tolerance). */
function isFresh(hit: VerifiedToken, now: number, toleranceSeconds: number): boolean {
  return now < hit.cachedUntil && now < hit.expiresAt + toleranceSeconds * 1000;
}

/** Callers get their own copy: a cached principal is never shared with (and changed by) a request. */
function copy(p: Principal): Principal {
  return { ...p, roles: [...p.roles] };
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
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new InvalidTokenError('signature verification failed', { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey)
    return new InvalidTokenError('no signing key matches the token (unknown kid)', { cause: error });
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return new InvalidTokenError('several signing keys match the token', { cause: error });
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new KeySetUnavailableError(error.message, { cause: error });
  if (error instanceof errors.JOSEError) return new InvalidTokenError(`malformed token (${error.code})`, { cause: error });
  // createRemoteJWKSet rejects with a plain error when the endpoint cannot be reached.
  if (error instanceof Error && /fetch|ECONNREFUSED|ENOTFOUND|network/i.test(`${error.message} ${String(error.cause)}`)) {
    return new KeySetUnavailableError(error.message, { cause: error });
  }
  return new InvalidTokenError('token could not be verified', { cause: error });
}

/** jose has checked that exp and iat are numbers and exp is not past; the lifetime and a future iat are ours. */
function checkTimes(payload: JWTPayload, tolerance: number, maxLifetime: number): void {
  const now = Math.floor(Date.now() / 1000);
  const iat = payload.iat as number;
  const exp = payload.exp as number;
  if (iat > now + tolerance) throw new InvalidTokenError('token issued in the future (iat)');
  if (exp - iat > maxLifetime) throw new InvalidTokenError(`token lifetime exceeds ${maxLifetime} s (exp - iat)`);
}

function subjectOf(payload: JWTPayload): string {
  const sub: unknown = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH || CONTROL.test(sub) || LONE_SURROGATE.test(sub)) {
    throw new InvalidTokenError(
      `invalid claim sub (a non-empty string of at most ${MAX_SUBJECT_LENGTH} characters without control characters)`,
    );
  }
  return sub;
}

function memberOf(payload: JWTPayload): string {
  const member: unknown = payload['wco_member'];
  if (member === undefined) {
    throw new UnusableClaimsError(
      `it has no wco_member claim (a Member code such as FR, or ${WCO_SECRETARIAT} for Secretariat staff); ask the identity provider's administrator to add it`,
      'member_claim_invalid',
    );
  }
  if (typeof member !== 'string' || !(MEMBER_CODE.test(member) || member === WCO_SECRETARIAT)) {
    throw new UnusableClaimsError(
      `claim wco_member must be an ISO 3166-1 alpha-2 code such as FR, or ${WCO_SECRETARIAT}`,
      'member_claim_invalid',
    );
  }
  return member;
}

/**
 * `wco_roles` is the platform's own claim: a role it does not know (a typo, a role of another system) refuses the
 * token rather than silently dropping a permission the user expects. `realm_access.roles` (Keycloak) mixes the
 * provider's own roles (offline_access, default-roles-*), so there the platform's roles are picked out.
 */
function rolesOf(payload: JWTPayload): WcoRole[] {
  const own: unknown = payload['wco_roles'];
  if (own !== undefined) {
    if (!Array.isArray(own)) throw new UnusableClaimsError('claim wco_roles must be an array of role names', 'role_claim_invalid');
    const unknown = own.filter((r) => !isWcoRole(r));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 5).map((r) => (typeof r === 'string' ? r.slice(0, 40).replace(/[^\w.-]/g, '?') : typeof r));
      throw new UnusableClaimsError(`claim wco_roles holds roles the platform does not know: ${shown.join(', ')}`, 'role_claim_invalid');
    }
    return [...new Set(own as WcoRole[])];
  }
  const realmAccess = payload['realm_access'] as { roles?: unknown } | undefined;
  const claimed = Array.isArray(realmAccess?.roles) ? (realmAccess.roles as unknown[]) : [];
  return [...new Set(claimed.filter(isWcoRole))];
}

function toPrincipal(payload: JWTPayload): Principal {
  const subject = subjectOf(payload);
  const member = memberOf(payload);
  const roles = rolesOf(payload);
  // The display name is informative only: one that could not be logged or stored safely is left out.
  const raw: unknown = payload['name'];
  const name = typeof raw === 'string' && raw.length <= 200 && !CONTROL.test(raw) && !LONE_SURROGATE.test(raw) ? raw : undefined;
  return { subject, member, roles, ...(name ? { name } : {}) };
}
