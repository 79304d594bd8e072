import { createHash, randomBytes } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { DevIssuer } from './dev-issuer';
import { WcoRole } from './roles';

/** A user the development issuer signs in (the console's seeded users). */
export interface DevOidcUser {
  id: string;
  label: string;
  member: string;
  roles: readonly WcoRole[];
}

/** An OAuth 2.0 error (RFC 6749 §4.1.2.1, §5.2); `redirectable`: may go back to the client's redirect_uri. */
export class DevOidcError extends Error {
  constructor(
    readonly error:
      | 'invalid_request'
      | 'unauthorized_client'
      | 'unsupported_response_type'
      | 'invalid_scope'
      | 'invalid_grant'
      | 'invalid_client'
      | 'unsupported_grant_type'
      | 'login_required'
      | 'access_denied',
    readonly description: string,
    readonly redirectable = false,
  ) {
    super(`${error}: ${description}`);
  }
}

/** An authorization request that passed the checks: what a code is bound to. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  state?: string;
  nonce?: string;
}

/** A logout request that passed the checks (OpenID Connect RP-Initiated Logout 1.0). */
export interface EndSessionRequest {
  /** Where the browser goes back to (a registered URI, with `state` added), or none: the provider says so itself. */
  redirect?: string;
  /** The subject of the ID token hint, when one was given. */
  subject?: string;
}

interface IssuedCode {
  request: AuthorizationRequest;
  user: DevOidcUser;
  expiresAt: number;
}

export interface DevOidcOptions {
  clientId: string;
  /** How long a code may be redeemed; default 60 s. */
  codeTtlMs?: number;
  /** Lifetime of the access and ID tokens, seconds; default 3600. */
  tokenLifetimeSeconds?: number;
  now?: () => number;
}

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
// RFC 7636 §4.1: 43 to 128 unreserved characters.
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2 (S256). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

const param = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * A minimal OpenID Connect authorization server for the development issuer (DEVELOPMENT ONLY: it can only exist beside
 * a DevIssuer, which refuses to load with NODE_ENV=production): the authorization code flow with PKCE S256 only, one
 * public client, redirect URIs matched exactly, codes single-use and short-lived. It lets the console's production
 * sign-in (oidc-client-ts) run end to end on a laptop and in the browser tests.
 */
export class DevAuthorizationServer {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly codeTtlMs: number;
  private readonly lifetime: number;
  private readonly now: () => number;

  constructor(
    private readonly issuer: DevIssuer,
    private readonly options: DevOidcOptions,
  ) {
    this.codeTtlMs = options.codeTtlMs ?? 60_000;
    this.lifetime = options.tokenLifetimeSeconds ?? 3600;
    this.now = options.now ?? Date.now;
  }

  /** The discovery document (OpenID Connect Discovery 1.0) for the endpoints under `base`. */
  metadata(base: string): Record<string, unknown> {
    return {
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/jwks.json`,
      end_session_endpoint: `${base}/end-session`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'profile'],
    };
  }

  /**
   * Checks an authorization request against the one client: an unknown client or a redirect URI not in
   * `redirectUris` (exact string match) is refused without redirecting; other errors go back to the client.
   */
  checkAuthorization(query: Record<string, unknown>, redirectUris: readonly string[]): AuthorizationRequest {
    const clientId = param(query, 'client_id');
    const redirectUri = param(query, 'redirect_uri');
    if (clientId !== this.options.clientId) throw new DevOidcError('unauthorized_client', 'unknown client_id');
    if (!redirectUri || !redirectUris.includes(redirectUri))
      throw new DevOidcError('invalid_request', 'redirect_uri is not registered for this client');
    if (param(query, 'response_type') !== 'code') throw new DevOidcError('unsupported_response_type', 'only response_type=code', true);
    const scope = param(query, 'scope') ?? '';
    if (!scope.split(' ').includes('openid')) throw new DevOidcError('invalid_scope', 'scope must include openid', true);
    if (param(query, 'code_challenge_method') !== 'S256')
      throw new DevOidcError('invalid_request', 'PKCE with code_challenge_method=S256 is required', true);
    const codeChallenge = param(query, 'code_challenge');
    if (!codeChallenge || !CHALLENGE.test(codeChallenge))
      throw new DevOidcError('invalid_request', 'code_challenge must be 43 base64url characters', true);
    if (param(query, 'prompt') === 'none')
      throw new DevOidcError('login_required', 'the development issuer keeps no sign-in session', true);
    return { clientId, redirectUri, codeChallenge, scope, state: param(query, 'state'), nonce: param(query, 'nonce') };
  }

  /**
   * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 §2–3). The development issuer keeps no sign-in
   * session, so ending it is a check and a redirect: an `id_token_hint` must be an ID token this issuer signed for
   * the client (its expiry does not matter: a hint may be old, §4), `client_id` must be the client, and a
   * `post_logout_redirect_uri` needs one of them and must be one of `postLogoutRedirectUris` (exact string match, as
   * `redirect_uri` at the authorization endpoint). Every refusal is said by the provider, never redirected (§3).
   */
  async checkEndSession(query: Record<string, unknown>, postLogoutRedirectUris: readonly string[]): Promise<EndSessionRequest> {
    const clientId = param(query, 'client_id');
    if (clientId !== undefined && clientId !== this.options.clientId) throw new DevOidcError('unauthorized_client', 'unknown client_id');
    const hint = param(query, 'id_token_hint');
    const subject = hint === undefined ? undefined : await this.idTokenSubject(hint);
    const redirectUri = param(query, 'post_logout_redirect_uri');
    if (redirectUri === undefined) return { subject };
    if (hint === undefined && clientId === undefined)
      throw new DevOidcError('invalid_request', 'post_logout_redirect_uri needs id_token_hint or client_id');
    if (!postLogoutRedirectUris.includes(redirectUri))
      throw new DevOidcError('invalid_request', 'post_logout_redirect_uri is not registered for this client');
    const url = new URL(redirectUri);
    const state = param(query, 'state');
    if (state) url.searchParams.set('state', state);
    return { redirect: url.toString(), subject };
  }

  /** The subject of an ID token this issuer signed for the client (signature, issuer and audience checked; not expiry). */
  private async idTokenSubject(token: string): Promise<string> {
    const refused = new DevOidcError('invalid_request', 'id_token_hint is not an ID token of this issuer for this client');
    let payload: Record<string, unknown>;
    try {
      const verified = await compactVerify(token, createLocalJWKSet(this.issuer.jwks()), { algorithms: ['ES256'] });
      payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
    } catch {
      throw refused;
    }
    const audience = Array.isArray(payload['aud']) ? payload['aud'] : [payload['aud']];
    if (payload['iss'] !== this.issuer.issuer || !audience.includes(this.options.clientId) || typeof payload['sub'] !== 'string')
      throw refused;
    return payload['sub'];
  }

  /** Where an error of a checked request sends the browser back (with the request's state). */
  errorRedirect(request: Pick<AuthorizationRequest, 'redirectUri' | 'state'>, error: DevOidcError): string {
    const url = new URL(request.redirectUri);
    url.searchParams.set('error', error.error);
    url.searchParams.set('error_description', error.description);
    if (request.state) url.searchParams.set('state', request.state);
    return url.toString();
  }

  /** A code for the user the person picked, bound to the request; the redirect that hands it to the client. */
  issueCode(request: AuthorizationRequest, user: DevOidcUser): string {
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { request, user, expiresAt: this.now() + this.codeTtlMs });
    const url = new URL(request.redirectUri);
    url.searchParams.set('code', code);
    if (request.state) url.searchParams.set('state', request.state);
    return url.toString();
  }

  /**
   * The token endpoint (RFC 6749 §4.1.3 with RFC 7636 §4.6): the code is spent by the first attempt, whatever its
   * outcome; it must be unexpired, for the same client and redirect URI, and the verifier must hash to its challenge.
   */
  async redeem(form: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (param(form, 'grant_type') !== 'authorization_code') throw new DevOidcError('unsupported_grant_type', 'only authorization_code');
    const code = param(form, 'code');
    const issued = code ? this.codes.get(code) : undefined;
    if (code) this.codes.delete(code);
    if (!issued) throw new DevOidcError('invalid_grant', 'unknown, expired or already used code');
    if (issued.expiresAt <= this.now()) throw new DevOidcError('invalid_grant', 'unknown, expired or already used code');
    if (param(form, 'client_id') !== issued.request.clientId) throw new DevOidcError('invalid_client', 'client_id does not match the code');
    if (param(form, 'redirect_uri') !== issued.request.redirectUri)
      throw new DevOidcError('invalid_grant', 'redirect_uri does not match the authorization request');
    const verifier = param(form, 'code_verifier');
    if (!verifier || !VERIFIER.test(verifier))
      throw new DevOidcError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters');
    if (s256(verifier) !== issued.request.codeChallenge)
      throw new DevOidcError('invalid_grant', 'code_verifier does not match the code_challenge');
    const { user, request } = issued;
    const base = {
      subject: `dev-${user.id}`,
      member: user.member,
      roles: [...user.roles],
      name: user.label,
      expiresIn: `${this.lifetime}s`,
    };
    const [accessToken, idToken] = await Promise.all([
      this.issuer.issueToken(base),
      this.issuer.issueToken({ ...base, audience: request.clientId, claims: request.nonce ? { nonce: request.nonce } : {} }),
    ]);
    return { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: this.lifetime, scope: request.scope };
  }

  private sweep(): void {
    const now = this.now();
    for (const [code, issued] of this.codes) if (issued.expiresAt <= now) this.codes.delete(code);
  }
}
