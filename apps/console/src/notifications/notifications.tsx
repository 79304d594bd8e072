import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { apiJson, type Schemas } from '../api/client';
import { hasRole, useSession } from '../app/session';
import { runEventStream, type StreamState } from './sse';

export type Notification = Schemas['NotificationView'];

interface NotificationsContext {
  /** The Member's latest ones when the console opened (`GET /notifications`), then each one as it arrives; newest first. */
  items: Notification[];
  stream: StreamState | null;
  dismiss(id: string): void;
}
const Context = createContext<NotificationsContext>({ items: [], stream: null, dismiss: () => undefined });

/** The gateway route: the stream needs `member-analyst` and answers for the caller's organisation only. */
export const STREAM_PATH = '/notifications/stream';
const MAX_KEPT = 20;
// Per user and tab: a reload resumes after the last event this tab saw, so nothing sent meanwhile is missed.
const lastIdKey = (user: string) => `wco.console.notifications.last.${user}`;

/** One list, each notification once, newest first, at most MAX_KEPT. */
export function merge(current: Notification[], more: Notification[]): Notification[] {
  const byId = new Map<string, Notification>();
  for (const n of [...more, ...current]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_KEPT);
}

export function parseNotification(data: string): Notification | undefined {
  try {
    const n = JSON.parse(data) as Notification;
    return typeof n?.id === 'string' && typeof n.type === 'string' && typeof n.subject === 'string' ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Opens the caller Member's notification stream once signed in (as a member analyst), closes it on sign-out. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const [items, setItems] = useState<Notification[]>([]);
  const [stream, setStream] = useState<StreamState | null>(null);
  const token = session && hasRole(session, 'member-analyst') ? session.token : null;
  const user = session?.user.id ?? '';

  useEffect(() => {
    setItems([]);
    setStream(null);
    if (!token) return;
    const abort = new AbortController();
    // What the Member was sent before this tab opened: the stream only carries what happens from now on.
    apiJson<Schemas['NotificationPage']>(`/notifications?limit=${MAX_KEPT}`, { token, signal: abort.signal }).then(
      (page) => setItems((prev) => merge(prev, page.items)),
      () => undefined, // the live stream still works; its state line says when it does not
    );
    void runEventStream({
      url: STREAM_PATH,
      token,
      signal: abort.signal,
      lastEventId: sessionStorage.getItem(lastIdKey(user)) ?? undefined,
      onState: setStream,
      onEvent(event) {
        const n = parseNotification(event.data);
        if (event.id) sessionStorage.setItem(lastIdKey(user), event.id);
        if (!n) return;
        setItems((prev) => merge(prev, [n]));
      },
    });
    return () => abort.abort();
  }, [token, user]);

  const value: NotificationsContext = {
    items,
    stream,
    dismiss: (id) => setItems((prev) => prev.filter((p) => p.id !== id)),
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useNotifications = (): NotificationsContext => useContext(Context);
