import { ValidationFailedError } from '@wco/http';

/** Every list is capped: a client cannot ask for more than this per page. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export class InvalidCursorError extends ValidationFailedError {
  constructor() {
    super([{ field: 'cursor', reason: 'is not a cursor this service issued (pass nextCursor from the previous page unchanged)' }], {
      code: 'invalid_cursor',
    });
  }
}

/** Cursors are opaque to clients: base64url of the keyset position. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Decodes a (timestamp, uuid) keyset cursor; anything else is a client error naming the parameter. */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parts) &&
      parts.length === 2 &&
      typeof parts[0] === 'string' &&
      typeof parts[1] === 'string' &&
      !Number.isNaN(Date.parse(parts[0])) &&
      UUID.test(parts[1])
    ) {
      return [parts[0], parts[1]];
    }
  } catch {
    // Not base64url JSON: falls through to the error below.
  }
  throw new InvalidCursorError();
}
