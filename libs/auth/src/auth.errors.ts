import { ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '@wco/http';

function challenge(error?: string, description?: string): string {
  // RFC 6750 §3: no error attribute when the request carried no credentials at all.
  if (!error) return 'Bearer realm="wco"';
  return `Bearer realm="wco", error="${error}", error_description="${(description ?? '').replace(/["\\]/g, '')}"`;
}

export class MissingTokenError extends UnauthorizedError {
  constructor() {
    super('a bearer token is required (Authorization: Bearer <JWT>)', {
      code: 'missing_token',
      headers: { 'WWW-Authenticate': challenge() },
    });
  }
}

/** The token was refused; `reason` says why (expired, wrong audience...) without exposing key material. */
export class InvalidTokenError extends UnauthorizedError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid bearer token: ${reason}`, {
      code: 'invalid_token',
      headers: { 'WWW-Authenticate': challenge('invalid_token', reason) },
      cause: options?.cause,
    });
  }
}

/** The identity provider's key set could not be fetched: not the caller's fault. */
export class KeySetUnavailableError extends ServiceUnavailableError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the token signing keys cannot be fetched: ${reason}`, { code: 'jwks_unavailable', cause: options?.cause });
  }
}

/**
 * The token is authentic but its authorisation claims cannot be used (no or a malformed `wco_member`, a role the
 * platform does not know): 403, since signing in again with the same identity provider setup changes nothing.
 */
export class UnusableClaimsError extends ForbiddenError {
  constructor(
    readonly reason: string,
    code: 'member_claim_invalid' | 'role_claim_invalid',
  ) {
    super(`the bearer token cannot be used on this platform: ${reason}`, { code });
  }
}
