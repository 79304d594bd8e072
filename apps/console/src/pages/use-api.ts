import { useEffect, useState } from 'react';
import { apiJson } from '../api/client';
import { useSession } from '../app/session';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; status: number; message: string };

/** GET a JSON resource of the gateway with the user's token; reloads when the path or `reload` changes. */
export function useApi<T>(path: string | null, accept?: string, reload = 0): Loaded<T> {
  const { session } = useSession();
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setResult({ state: 'loading' });
    apiJson<T>(path, { token: session?.token, accept, signal: abort.signal }).then(
      (data) => setResult({ state: 'ok', data }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const status = (error as { status?: number }).status ?? 0;
        setResult({ state: 'error', status, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [path, accept, session?.token, reload]);
  return result;
}
