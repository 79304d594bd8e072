import { useEffect, useState } from 'react';
import { apiJson } from '../api/client';
import { useSession } from '../app/session';
import type { Loaded } from './use-api';

interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * A cursor-paginated list of the gateway (`items`, `nextCursor`), a page at a time: `more` asks for the next page
 * (undefined on the last one). A new path (or `reload`) starts again from the first page.
 */
export function usePaged<T>(path: string, reload = 0): { items: T[]; status: Loaded<null>; more?: () => void } {
  const { session } = useSession();
  const key = `${reload}:${path}`;
  const [pages, setPages] = useState<{ key: string; list: Page<T>[] }>({ key, list: [] });
  const [cursor, setCursor] = useState<{ key: string; value: string | null }>({ key, value: null });
  const [status, setStatus] = useState<Loaded<null>>({ state: 'loading' });
  const at = cursor.key === key ? cursor.value : null;
  useEffect(() => {
    const abort = new AbortController();
    setStatus({ state: 'loading' });
    const sep = path.includes('?') ? '&' : '?';
    apiJson<Page<T>>(`${path}${at ? `${sep}cursor=${encodeURIComponent(at)}` : ''}`, { token: session?.token, signal: abort.signal }).then(
      (page) => {
        setPages((prev) => (prev.key === key && at ? { key, list: [...prev.list, page] } : { key, list: [page] }));
        setStatus({ state: 'ok', data: null });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const problem = error as { status?: number };
        setStatus({ state: 'error', status: problem.status ?? 0, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [key, path, at, session?.token]);
  const list = pages.key === key ? pages.list : [];
  const next = list.at(-1)?.nextCursor ?? null;
  return {
    items: list.flatMap((p) => p.items),
    status,
    more: status.state === 'ok' && next ? () => setCursor({ key, value: next }) : undefined,
  };
}
