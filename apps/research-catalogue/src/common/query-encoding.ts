import { ValidationFailedError } from '@wco/http';

/**
 * The query parameters of a raw URL whose value is not validly percent-encoded UTF-8. Fastify's query parser keeps
 * such a value as the literal text (`%E2%82`), which a free-text parameter would then search for: it is refused
 * instead, as an undecodable path is.
 */
export function undecodableQueryParameters(url: string): string[] {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const bad: string[] = [];
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const [rawKey, rawValue = ''] = pair.split('=', 2);
    const key = safeDecode(rawKey) ?? rawKey;
    if (safeDecode(rawKey) === undefined || safeDecode(rawValue) === undefined) bad.push(key);
  }
  return [...new Set(bad)];
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export function assertDecodableQuery(url: string): void {
  const bad = undecodableQueryParameters(url);
  if (bad.length) throw new ValidationFailedError(bad.map((field) => ({ field, reason: 'is not validly percent-encoded UTF-8' })));
}
