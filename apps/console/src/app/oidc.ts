import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { Session } from './session';

/** What the gateway says about signing in (`GET /auth/config`): a narrow local type (the route is not in the API). */
export interface AuthConfig {
  devLogin: boolean;
  oidc?: { issuer: string; clientId: string; scope: string };
}
type Oidc = NonNullable<AuthConfig['oidc']>;

/** The console route the provider sends the browser back to (outside /auth, so a reload there gets the console). */
export const CALLBACK_PATH = '/signin/callback';
/** Where the provider sends the browser back after the person signed out there (its `post_logout_redirect_uri`). */
export const SIGNED_OUT_PATH = '/signout/callback';

function manager(oidc: Oidc): UserManager {
  // Tokens and the PKCE verifier in sessionStorage: gone with the tab, as the development session.
  const store = new WebStorageStateStore({ store: sessionStorage });
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${location.origin}${SIGNED_OUT_PATH}`,
    response_type: 'code',
    scope: oidc.scope,
    userStore: store,
    stateStore: store,
    // Renewal is the shell's (session.tsx): a refresh token if the provider gives one, else a new sign-in. No iframe:
    // the console's pages refuse to be framed.
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
}

/** The claims the platform reads from the access token (what the gateway checks, so what the console shows). */
function claims(token: string): Record<string, unknown> {
  try {
    const part = token.split('.')[1] ?? '';
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function sessionOf(user: User): Session {
  const c = { ...user.profile, ...claims(user.access_token) } as Record<string, unknown>;
  const roles = Array.isArray(c['wco_roles']) ? (c['wco_roles'] as unknown[]).map(String) : [];
  return {
    token: user.access_token,
    user: {
      id: String(c['sub'] ?? ''),
      label: String(c['name'] ?? c['sub'] ?? ''),
      member: String(c['wco_member'] ?? ''),
      roles,
    } as Session['user'],
    expiresAt: (user.expires_at ?? 0) * 1000,
    via: 'oidc',
  };
}

/** Sends the browser to the provider (authorization code + PKCE S256, state and nonce kept by oidc-client-ts). */
export async function startSignIn(oidc: Oidc, returnTo: string): Promise<void> {
  await manager(oidc).signinRedirect({ url_state: encodeURIComponent(returnTo) });
}

/** On the callback page: the code exchanged for tokens (the verifier proves this tab asked for it). */
export async function completeSignIn(oidc: Oidc): Promise<{ session: Session; returnTo: string }> {
  const user = await manager(oidc).signinRedirectCallback();
  const returnTo = user.url_state ? decodeURIComponent(user.url_state) : '/';
  return { session: sessionOf(user), returnTo: returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/' };
}

/** Renews without leaving the page when the provider gave a refresh token; null when a new sign-in is needed. */
export async function renewSilently(oidc: Oidc): Promise<Session | null> {
  const m = manager(oidc);
  const user = await m.getUser();
  if (!user?.refresh_token) return null;
  const renewed = await m.signinSilent().catch(() => null);
  return renewed ? sessionOf(renewed) : null;
}

/**
 * Sign-out at the provider (OpenID Connect RP-Initiated Logout): when its discovery document names an
 * `end_session_endpoint`, the browser goes there with the ID token as `id_token_hint` (oidc-client-ts adds the stored
 * user's, and forgets the user first) and comes back to `SIGNED_OUT_PATH`; resolves true once on its way. False, the
 * tokens forgotten here only, when the provider has no such endpoint or its document cannot be read: the caller's
 * local sign-out is then all there is.
 */
export async function signOutAtProvider(oidc: Oidc): Promise<boolean> {
  const m = manager(oidc);
  const endpoint = await m.metadataService.getEndSessionEndpoint().catch(() => undefined);
  if (!endpoint) {
    await m.removeUser();
    return false;
  }
  await m.signoutRedirect();
  return true;
}
