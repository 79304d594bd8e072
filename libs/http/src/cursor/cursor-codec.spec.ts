import { CursorCodec, decodeTimeIdCursor, encodeTimeIdCursor, InvalidCursorError, isCursorInstant, TIME_ID_CURSOR } from './cursor-codec';

const id = '3f2b8c1e-9d4a-4c6b-8e2f-1a7b9c0d5e6f';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The field the 400 names, or 'accepted'. */
function refusal(cursor: unknown): string {
  try {
    decodeTimeIdCursor(cursor);
    return 'accepted';
  } catch (error) {
    return error instanceof InvalidCursorError
      ? `400 ${error.code} ${error.errors.map((e) => e.field).join(',')}`
      : `unexpected ${String(error)}`;
  }
}

describe('the cursor codec', () => {
  it('round-trips a (timestamp, uuid) position, microseconds included', () => {
    const cursor = encodeTimeIdCursor(new Date('2026-03-07T10:11:12.345Z'), id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimeIdCursor(cursor)).toEqual(['2026-03-07T10:11:12.345Z', id]);
    expect(TIME_ID_CURSOR.decode(TIME_ID_CURSOR.encode(['2026-03-07T10:11:12.345678Z', id]))).toEqual(['2026-03-07T10:11:12.345678Z', id]);
  });

  // Dates JavaScript's Date.parse accepts and PostgreSQL's timestamptz refuses: each was a 500 on /reports, /matches
  // and /receipts.
  it.each([
    ['a bare number', '1'],
    ['an extended year', '+275760-09-13T00:00:00.000Z'],
    ['an English date with a comment', 'March 7, 2026 (holiday)'],
    ['a day that does not exist', '2026-02-30T00:00:00.000Z'],
    ['year zero', '0000-01-01T00:00:00.000Z'],
    ['hour 24', '2026-03-01T24:00:00.000Z'],
    ['a local time', '2026-03-01T10:00:00'],
    ['an offset instead of Z', '2026-03-01T10:00:00+02:00'],
    ['seven fractional digits', '2026-03-01T10:00:00.1234567Z'],
    ['a NUL', '2026-03-01T10:00:00.000Z\u0000'],
  ])('refuses %s as the timestamp with 400 invalid_cursor naming cursor', (_label, at) => {
    expect(refusal(b64([at, id]))).toBe('400 invalid_cursor cursor');
  });

  it.each([
    ['not base64url', 'not base64!'],
    ['empty', ''],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an object', b64({ at: '2026-03-01T10:00:00.000Z', id })],
    ['a third element', b64(['2026-03-01T10:00:00.000Z', id, 'x'])],
    ['a bad uuid', b64(['2026-03-01T10:00:00.000Z', 'not-a-uuid'])],
    ['a number', 42],
    ['over 512 characters', 'A'.repeat(513)],
    ['padded', `${b64(['2026-03-01T10:00:00.000Z', id])}==`],
  ])('refuses a cursor that is %s', (_label, cursor) => {
    expect(refusal(cursor)).toBe('400 invalid_cursor cursor');
  });

  it('refuses a second spelling of the same position (unused trailing bits set)', () => {
    const canonical = b64(['2026-03-01T10:00:00.000Z', id]);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const same = [...alphabet]
      .map((c) => `${canonical.slice(0, -1)}${c}`)
      .find((c) => c !== canonical && Buffer.from(c, 'base64url').equals(Buffer.from(canonical, 'base64url')));
    expect(same).toBeDefined();
    expect(refusal(same)).toBe('400 invalid_cursor cursor');
    expect(refusal(canonical)).toBe('accepted');
  });

  it('accepts the full PostgreSQL-safe range of years, 0001 to 9999, and leap days only in leap years', () => {
    expect(isCursorInstant('0001-01-01T00:00:00Z')).toBe(true);
    expect(isCursorInstant('9999-12-31T23:59:59.999999Z')).toBe(true);
    expect(isCursorInstant('2024-02-29T00:00:00Z')).toBe(true);
    expect(isCursorInstant('2026-02-29T00:00:00Z')).toBe(false);
    expect(isCursorInstant('10000-01-01T00:00:00Z')).toBe(false);
  });

  it('checks each declared kind, int within int32 and text without NUL', () => {
    const codec = new CursorCodec(['int', 'text'] as const);
    expect(codec.decode(codec.encode([7, 'abc']))).toEqual([7, 'abc']);
    expect(() => codec.decode(b64([2147483648, 'abc']))).toThrow(InvalidCursorError);
    expect(() => codec.decode(b64([1, 'a\u0000']))).toThrow(InvalidCursorError);
  });

  it('refuses to encode a value it would not decode (a bug in the caller, not a client error)', () => {
    expect(() => TIME_ID_CURSOR.encode(['March 7', id])).toThrow(/do not fit the cursor fields instant, uuid/);
  });
});
