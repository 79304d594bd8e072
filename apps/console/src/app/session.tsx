import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Schemas } from '../api/client';

export type DevUser = Schemas['DevUserView'];
export interface Session {
  token: string;
  user: DevUser;
  expiresAt: number;
  /** Signed in through the organisation's provider (OIDC code + PKCE): renewed or signed in again on expiry. */
  via?: 'dev' | 'oidc';
  oidc?: { issuer: string; clientId: string; scope: string };
}

/** A session through the provider is renewed this long before its token expires (when it has a refresh token). */
const RENEW_BEFORE_MS = 60_000;

// sessionStorage: the token lives as long as the tab, and is never sent anywhere but the gateway's API.
const KEY = 'wco.console.session';

function load(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return s && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

interface SessionContext {
  session: Session | null;
  /** The last session ran out (the login page says so, and signs in again through the provider). */
  expired: boolean;
  signIn(session: Session): void;
  signOut(): void;
}
const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(load);
  const [expired, setExpired] = useState(false);
  const value: SessionContext = {
    session,
    expired,
    signIn(next) {
      sessionStorage.setItem(KEY, JSON.stringify(next));
      setExpired(false);
      setSession(next);
    },
    signOut() {
      sessionStorage.removeItem(KEY);
      setSession(null);
    },
  };
  // Expiry: a provider's session is renewed first if it can be (refresh token); at the end, the session is gone and
  // the user signs in again (through the provider, back to the same page).
  useEffect(() => {
    if (!session) return;
    const left = session.expiresAt - Date.now();
    const timers: ReturnType<typeof setTimeout>[] = [];
    const { oidc } = session;
    if (session.via === 'oidc' && oidc && left > RENEW_BEFORE_MS) {
      timers.push(
        setTimeout(() => {
          void import('./oidc').then(async (m) => {
            const renewed = await m.renewSilently(oidc);
            if (renewed) value.signIn({ ...renewed, oidc });
          });
        }, left - RENEW_BEFORE_MS),
      );
    }
    timers.push(
      setTimeout(
        () => {
          sessionStorage.removeItem(KEY);
          setSession(null);
          setExpired(true);
        },
        Math.max(0, left),
      ),
    );
    return () => timers.forEach(clearTimeout);
  }, [session]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export const hasRole = (session: Session | null, ...roles: string[]): boolean =>
  !!session && session.user.roles.some((r) => roles.includes(r));
