import { ValidationFailedError } from '../errors/domain.errors';
import { isUuid, parseDecimalInt } from '../input/parameters';
import { unsafeStringReason } from '../input/untrusted-input';

/** Every list is capped: a client cannot ask for more than this per page. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;
/** Longest cursor accepted (a few keyset values fit in far less). */
export const MAX_CURSOR_LENGTH = 512;

export class InvalidCursorError extends ValidationFailedError {
  constructor() {
    super([{ field: 'cursor', reason: 'is not a cursor this service issued (pass nextCursor from the previous page unchanged)' }], {
      code: 'invalid_cursor',
    });
  }
}

/**
 * What a cursor position may hold. `instant` is an ISO-8601 UTC timestamp `YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z` in years
 * 0001 to 9999, a real calendar date: JavaScript's Date.parse accepts `"1"`, `"March 7, 2026 (holiday)"` and
 * `+275760-09-13T00:00:00.000Z`, PostgreSQL refuses them. Six fractional digits keep PostgreSQL's microseconds.
 */
export type CursorField = 'instant' | 'uuid' | 'int' | 'text';
type ValueOf<F extends CursorField> = F extends 'int' ? number : string;
export type CursorValues<F extends readonly CursorField[]> = { [K in keyof F]: F[K] extends CursorField ? ValueOf<F[K]> : never };

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function isCursorInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function valid(field: CursorField, value: unknown): boolean {
  switch (field) {
    case 'instant':
      return isCursorInstant(value);
    case 'uuid':
      return isUuid(value);
    case 'int':
      return typeof value === 'number' && parseDecimalInt(value) !== undefined;
    case 'text':
      return typeof value === 'string' && value.length <= 200 && unsafeStringReason(value) === undefined;
  }
}

/**
 * The one cursor codec: an opaque base64url string of a keyset position whose fields have declared kinds. Decoding
 * is strict (exact shape, each value checked, canonical encoding), so whatever reaches SQL is a value PostgreSQL
 * accepts; anything else is 400 `invalid_cursor` naming `cursor`.
 *
 *   const TIME_ID = new CursorCodec(['instant', 'uuid'] as const);
 *   TIME_ID.encode([row.createdAt, row.id]);   const [at, id] = TIME_ID.decode(query.cursor);
 */
export class CursorCodec<const F extends readonly CursorField[]> {
  constructor(readonly fields: F) {}

  encode(values: CursorValues<F>): string {
    const list = values as readonly unknown[];
    if (list.length !== this.fields.length || !this.fields.every((f, i) => valid(f, list[i]))) {
      // A value this codec would refuse to decode is a bug in the caller, not the client's fault.
      throw new Error(`cursor values ${JSON.stringify(list)} do not fit the cursor fields ${this.fields.join(', ')}`);
    }
    return Buffer.from(JSON.stringify(list), 'utf8').toString('base64url');
  }

  decode(cursor: unknown): CursorValues<F> {
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorError();
    }
    if (!Array.isArray(parsed) || parsed.length !== this.fields.length || !this.fields.every((f, i) => valid(f, parsed[i]))) {
      throw new InvalidCursorError();
    }
    // One position, one spelling: trailing bits or bytes the encoder never writes are refused.
    if (Buffer.from(JSON.stringify(parsed), 'utf8').toString('base64url') !== cursor) throw new InvalidCursorError();
    return parsed as CursorValues<F>;
  }
}

/** The keyset most lists use: (timestamp, uuid), newest first. */
export const TIME_ID_CURSOR = new CursorCodec(['instant', 'uuid'] as const);

/** `TIME_ID_CURSOR.encode` from a Date, as the pg driver returns timestamps. */
export function encodeTimeIdCursor(at: Date | string, id: string): string {
  return TIME_ID_CURSOR.encode([typeof at === 'string' ? at : at.toISOString(), id]);
}

/** `[at, id]` of a (timestamp, uuid) cursor; a bad cursor is 400 naming `cursor`. */
export function decodeTimeIdCursor(cursor: unknown): [at: string, id: string] {
  const [at, id] = TIME_ID_CURSOR.decode(cursor);
  return [at, id];
}
