import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

// What a caller may pass on: short, printable, no separators that could split a log line or a header.
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is acceptable, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED.test(header) ? header : randomUUID();
}
