import { useEffect, useRef, useState } from 'react';
import { apiJson } from '../api/client';
import { useSession } from '../app/session';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; status: number; message: string };

/**
 * GET a JSON resource of the gateway with the user's token; loads again when the path or `reload` changes. A reload
 * of the same path keeps showing what was loaded until the new answer arrives (the page does not blink to "Loading").
 */
export function useApi<T>(path: string | null, accept?: string, reload = 0): Loaded<T> {
  const { session } = useSession();
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    const key = `${path} ${accept ?? ''} ${session?.token ?? ''}`;
    if (shown.current !== key) setResult({ state: 'loading' });
    apiJson<T>(path, { token: session?.token, accept, signal: abort.signal }).then(
      (data) => {
        shown.current = key;
        setResult({ state: 'ok', data });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        shown.current = null;
        const status = (error as { status?: number }).status ?? 0;
        setResult({ state: 'error', status, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [path, accept, session?.token, reload]);
  return result;
}
