import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Schemas } from '../api/client';

export type DevUser = Schemas['DevUserView'];
export interface Session {
  token: string;
  user: DevUser;
  expiresAt: number;
}

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
  signIn(session: Session): void;
  signOut(): void;
}
const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(load);
  const value: SessionContext = {
    session,
    signIn(next) {
      sessionStorage.setItem(KEY, JSON.stringify(next));
      setSession(next);
    },
    signOut() {
      sessionStorage.removeItem(KEY);
      setSession(null);
    },
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export const hasRole = (session: Session | null, ...roles: string[]): boolean =>
  !!session && session.user.roles.some((r) => roles.includes(r));
