import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer } from './dev-issuer';
import { DevAuthorizationServer, DevOidcError, s256 } from './dev-issuer-oidc';

const REDIRECT = 'http://127.0.0.1:3000/signin/callback';
const USER = { id: 'officer-fr', label: 'Customs officer, France', member: 'FR', roles: ['member-analyst'] as const };
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('the development issuer’s authorization code flow with PKCE (S256)', () => {
  let dir: string;
  let issuer: DevIssuer;
  let now = 1_000_000;
  let server: DevAuthorizationServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dev-oidc-'));
    issuer = await DevIssuer.load({ directory: dir });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    server = new DevAuthorizationServer(issuer, { clientId: 'wco-console', codeTtlMs: 60_000, now: () => now });
  });

  const query = (overrides: Record<string, string | undefined> = {}) => ({
    response_type: 'code',
    client_id: 'wco-console',
    redirect_uri: REDIRECT,
    scope: 'openid profile',
    code_challenge: s256(VERIFIER),
    code_challenge_method: 'S256',
    state: 'st-1',
    nonce: 'n-1',
    ...overrides,
  });
  const codeOf = (redirect: string): string => new URL(redirect).searchParams.get('code') as string;
  const form = (code: string, overrides: Record<string, string | undefined> = {}) => ({
    grant_type: 'authorization_code',
    code,
    client_id: 'wco-console',
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
    ...overrides,
  });
  const refusal = (run: () => unknown): Promise<DevOidcError> =>
    Promise.resolve()
      .then(run)
      .then(
        () => {
          throw new Error('accepted');
        },
        (e: unknown) => e as DevOidcError,
      );

  it('computes the S256 challenge of RFC 7636’s example', () => {
    expect(s256(VERIFIER)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('exchanges a code with the right verifier for tokens the platform accepts; the ID token carries the nonce', async () => {
    const redirect = server.issueCode(server.checkAuthorization(query(), [REDIRECT]), USER);
    expect(new URL(redirect).searchParams.get('state')).toBe('st-1');
    const tokens = await server.redeem(form(codeOf(redirect)));
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile' });
    const keys = createLocalJWKSet(issuer.jwks());
    const access = await jwtVerify(tokens['access_token'] as string, keys, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    expect(access.payload).toMatchObject({ sub: 'dev-officer-fr', wco_member: 'FR', wco_roles: ['member-analyst'] });
    const id = await jwtVerify(tokens['id_token'] as string, keys, { issuer: DEV_ISSUER, audience: 'wco-console' });
    expect(id.payload).toMatchObject({ sub: 'dev-officer-fr', nonce: 'n-1', name: 'Customs officer, France' });
  });

  it('refuses a wrong verifier, and the code is spent by that attempt', async () => {
    const code = codeOf(server.issueCode(server.checkAuthorization(query(), [REDIRECT]), USER));
    const wrong = await refusal(() => server.redeem(form(code, { code_verifier: 'x'.repeat(43) })));
    expect(wrong).toMatchObject({ error: 'invalid_grant', description: 'code_verifier does not match the code_challenge' });
    expect(await refusal(() => server.redeem(form(code)))).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a missing or malformed verifier, a code used twice, expired, or redeemed for another redirect URI or client', async () => {
    const fresh = () => codeOf(server.issueCode(server.checkAuthorization(query(), [REDIRECT]), USER));
    expect(await refusal(() => server.redeem(form(fresh(), { code_verifier: undefined })))).toMatchObject({ error: 'invalid_request' });
    expect(await refusal(() => server.redeem(form(fresh(), { code_verifier: 'short' })))).toMatchObject({ error: 'invalid_request' });
    const once = fresh();
    await server.redeem(form(once));
    expect(await refusal(() => server.redeem(form(once)))).toMatchObject({ error: 'invalid_grant' });
    const late = fresh();
    now += 60_001;
    expect(await refusal(() => server.redeem(form(late)))).toMatchObject({ error: 'invalid_grant' });
    expect(await refusal(() => server.redeem(form(fresh(), { redirect_uri: `${REDIRECT}/` })))).toMatchObject({
      error: 'invalid_grant',
      description: 'redirect_uri does not match the authorization request',
    });
    expect(await refusal(() => server.redeem(form(fresh(), { client_id: 'other' })))).toMatchObject({ error: 'invalid_client' });
    expect(await refusal(() => server.redeem(form(fresh(), { grant_type: 'password' })))).toMatchObject({
      error: 'unsupported_grant_type',
    });
  });

  it('refuses authorization requests: an unregistered redirect URI or client without redirecting, no PKCE or plain PKCE back to the client', async () => {
    for (const [overrides, error, redirectable] of [
      [{ redirect_uri: 'https://evil.example/signin/callback' }, 'invalid_request', false],
      [{ redirect_uri: `${REDIRECT}?x=1` }, 'invalid_request', false],
      [{ client_id: 'other' }, 'unauthorized_client', false],
      [{ code_challenge: undefined }, 'invalid_request', true],
      [{ code_challenge_method: 'plain' }, 'invalid_request', true],
      [{ response_type: 'token' }, 'unsupported_response_type', true],
      [{ scope: 'profile' }, 'invalid_scope', true],
      [{ prompt: 'none' }, 'login_required', true],
    ] as const) {
      const refused = await refusal(() => server.checkAuthorization(query(overrides as Record<string, string | undefined>), [REDIRECT]));
      expect({ overrides, error: refused.error, redirectable: refused.redirectable }).toEqual({ overrides, error, redirectable });
    }
    const back = server.errorRedirect({ redirectUri: REDIRECT, state: 'st-9' }, new DevOidcError('login_required', 'none', true));
    expect(Object.fromEntries(new URL(back).searchParams)).toEqual({ error: 'login_required', error_description: 'none', state: 'st-9' });
  });

  describe('the end-session endpoint (RP-Initiated Logout)', () => {
    const SIGNED_OUT = 'http://127.0.0.1:3000/signout/callback';
    const idToken = async (): Promise<string> => {
      const redirect = server.issueCode(server.checkAuthorization(query(), [REDIRECT]), USER);
      return (await server.redeem(form(codeOf(redirect))))['id_token'] as string;
    };
    const logout = (overrides: Record<string, string | undefined>) =>
      Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Record<string, string>;

    it('is named in the discovery document', () => {
      expect(server.metadata('http://127.0.0.1:3000/auth/dev-issuer')).toMatchObject({
        end_session_endpoint: 'http://127.0.0.1:3000/auth/dev-issuer/end-session',
      });
    });

    it('sends the browser back to a registered post-logout URI with the state, given the client’s ID token (even expired) or its id', async () => {
      const hint = await idToken();
      expect(
        await server.checkEndSession(logout({ id_token_hint: hint, post_logout_redirect_uri: SIGNED_OUT, state: 'so-1' }), [SIGNED_OUT]),
      ).toEqual({ redirect: `${SIGNED_OUT}?state=so-1`, subject: 'dev-officer-fr' });
      // A hint may be old (RP-Initiated Logout §4): its expiry does not matter, its signature does.
      const expired = await issuer.issueToken({
        subject: 'dev-officer-fr',
        member: 'FR',
        roles: ['member-analyst'],
        audience: 'wco-console',
        claims: { exp: Math.floor(Date.now() / 1000) - 3600 },
      });
      expect(await server.checkEndSession(logout({ id_token_hint: expired, post_logout_redirect_uri: SIGNED_OUT }), [SIGNED_OUT])).toEqual({
        redirect: SIGNED_OUT,
        subject: 'dev-officer-fr',
      });
      expect(
        await server.checkEndSession(logout({ client_id: 'wco-console', post_logout_redirect_uri: SIGNED_OUT }), [SIGNED_OUT]),
      ).toEqual({
        redirect: SIGNED_OUT,
        subject: undefined,
      });
      // No URI: nowhere to go back to, the provider says the person is signed out.
      expect(await server.checkEndSession(logout({ id_token_hint: hint }), [SIGNED_OUT])).toEqual({ subject: 'dev-officer-fr' });
      expect(await server.checkEndSession({}, [SIGNED_OUT])).toEqual({ subject: undefined });
    });

    it('refuses (never redirecting) an unregistered post-logout URI, a URI without a hint or client, another client, a forged or foreign hint', async () => {
      const hint = await idToken();
      const [header, body] = hint.split('.');
      const other = await issuer.issueToken({
        subject: 'dev-officer-fr',
        member: 'FR',
        roles: ['member-analyst'],
        audience: 'other-client',
      });
      const access = await issuer.issueToken({ subject: 'dev-officer-fr', member: 'FR', roles: ['member-analyst'] });
      const forged = `${header}.${body}.${'A'.repeat(86)}`;
      for (const [overrides, error, description] of [
        [{ id_token_hint: hint, post_logout_redirect_uri: 'https://evil.example/signout/callback' }, 'invalid_request', /not registered/],
        [{ id_token_hint: hint, post_logout_redirect_uri: `${SIGNED_OUT}/` }, 'invalid_request', /not registered/],
        [{ id_token_hint: hint, post_logout_redirect_uri: `${SIGNED_OUT}?x=1` }, 'invalid_request', /not registered/],
        [{ client_id: 'wco-console', post_logout_redirect_uri: REDIRECT }, 'invalid_request', /not registered/],
        [{ post_logout_redirect_uri: SIGNED_OUT }, 'invalid_request', /needs id_token_hint or client_id/],
        [{ client_id: 'other', post_logout_redirect_uri: SIGNED_OUT }, 'unauthorized_client', /client_id/],
        [{ id_token_hint: forged, post_logout_redirect_uri: SIGNED_OUT }, 'invalid_request', /id_token_hint/],
        [{ id_token_hint: other, post_logout_redirect_uri: SIGNED_OUT }, 'invalid_request', /id_token_hint/],
        [{ id_token_hint: access, post_logout_redirect_uri: SIGNED_OUT }, 'invalid_request', /id_token_hint/],
        [{ id_token_hint: 'not-a-jwt', post_logout_redirect_uri: SIGNED_OUT }, 'invalid_request', /id_token_hint/],
      ] as const) {
        const refused = await refusal(() => server.checkEndSession(logout(overrides), [SIGNED_OUT]));
        expect({ overrides, error: refused.error, redirectable: refused.redirectable }).toEqual({ overrides, error, redirectable: false });
        expect(refused.description).toMatch(description);
      }
    });
  });
});
