import type { components } from './schema';

/** The platform's schemas, generated from the gateway's aggregated OpenAPI document (scripts/api-types.mjs). */
export type Schemas = components['schemas'];
export type FieldError = Schemas['FieldError'];

/** A problem+json answer of the API (RFC 9457), with the field errors of a 400 validation_failed. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: FieldError[],
    detail: string,
    /** The whole problem document, with a service's extensions (e.g. assistance's refusal `reasons`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON, or a file sent as the raw body (a Blob, streamed by the browser) with `contentType`. */
  body?: unknown;
  contentType?: string;
  token?: string | null;
  accept?: string;
  signal?: AbortSignal;
}

/** Calls the gateway (same origin) with the user's token; a non-2xx answer becomes an ApiProblem. */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const raw = typeof Blob !== 'undefined' && options.body instanceof Blob ? options.body : null;
  if (raw) headers['content-type'] = options.contentType ?? (raw.type || 'application/octet-stream');
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    signal: options.signal,
  });
  if (!res.ok) {
    let problem: Partial<Schemas['ProblemDetails']> = {};
    try {
      problem = (await res.json()) as Schemas['ProblemDetails'];
    } catch {
      // not problem+json (a proxy in between): the status alone
    }
    throw new ApiProblem(
      res.status,
      problem.code ?? `http_${res.status}`,
      problem.errors ?? [],
      problem.detail ?? res.statusText,
      problem as Record<string, unknown>,
    );
  }
  return res;
}

export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiFetch(path, options)).json() as Promise<T>;
}

/** Fetches a file with the user's token and hands it to the browser as a download (a link cannot carry the token). */
export async function downloadFile(path: string, filename: string, options: RequestOptions = {}): Promise<void> {
  const blob = await (await apiFetch(path, options)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
