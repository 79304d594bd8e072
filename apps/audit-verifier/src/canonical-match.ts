import type { AuditEntryAppendedEvent } from '@wco/contracts';

/*
 * A fast yes for "these bytes are the RFC 8785 text of this entry's six hashed fields", in one pass over the bytes
 * and the parsed fields together, with nothing serialised, parsed again or allocated but the sorted key list of each
 * object. It walks the canonical grammar `canonicalize` writes (no whitespace, members sorted by UTF-16 code units,
 * strings escaped the way JSON.stringify escapes them, integers in shortest form) and compares every token with the
 * value in the same place. It answers true only when the bytes are exactly what `canonicalize` would write for the
 * fields (the leaf of those bytes is then the leaf of the fields); false means "not certain": a mismatch, an
 * encoding it does not know (lone surrogates, floats, unsafe integers), and the caller asks `canonicalize`.
 * `canonical-match.spec.ts` checks on generated entries that a true here always means equal bytes.
 */

let b: Uint8Array = new Uint8Array(0);
let p = 0;
let end = 0;

const ENTRY_NAMES = ['{"aggregateId":', ',"kind":', ',"payload":', ',"prevHash":', ',"recordedAt":', ',"seq":'].map((s) =>
  Buffer.from(s, 'latin1'),
);
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };
const HEX = '0123456789abcdef';

/** True when bytes[from, to) is certainly the RFC 8785 text of {seq, kind, aggregateId, payload, recordedAt, prevHash}. */
export function isCanonicalTextOf(bytes: Uint8Array, from: number, to: number, e: Omit<AuditEntryAppendedEvent, 'leafHash'>): boolean {
  b = bytes;
  p = from;
  end = to;
  const ok =
    literal(ENTRY_NAMES[0]) &&
    str(e.aggregateId) &&
    literal(ENTRY_NAMES[1]) &&
    str(e.kind) &&
    literal(ENTRY_NAMES[2]) &&
    value(e.payload, 0) &&
    literal(ENTRY_NAMES[3]) &&
    str(e.prevHash) &&
    literal(ENTRY_NAMES[4]) &&
    str(e.recordedAt) &&
    literal(ENTRY_NAMES[5]) &&
    value(e.seq, 0) &&
    byte(0x7d) &&
    p === end;
  b = new Uint8Array(0);
  return ok;
}

function byte(c: number): boolean {
  if (p < end && b[p] === c) {
    p += 1;
    return true;
  }
  return false;
}

function literal(l: Uint8Array): boolean {
  if (p + l.length > end) return false;
  for (let i = 0; i < l.length; i++) if (b[p + i] !== l[i]) return false;
  p += l.length;
  return true;
}

function word(w: string): boolean {
  if (p + w.length > end) return false;
  for (let i = 0; i < w.length; i++) if (b[p + i] !== w.charCodeAt(i)) return false;
  p += w.length;
  return true;
}

const MAX_DEPTH = 64;

function value(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      return int(v);
    case 'boolean':
      return word(v ? 'true' : 'false');
    case 'object':
      if (v === null) return word('null');
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(v)) return array(v, depth + 1);
      if (Object.getPrototypeOf(v) !== Object.prototype || 'toJSON' in v) return false;
      return object(v as Record<string, unknown>, depth + 1);
    default:
      return false;
  }
}

function array(a: unknown[], depth: number): boolean {
  if (!byte(0x5b)) return false;
  for (let i = 0; i < a.length; i++) {
    if (i > 0 && !byte(0x2c)) return false;
    if (!value(a[i], depth)) return false;
  }
  return byte(0x5d);
}

function object(o: Record<string, unknown>, depth: number): boolean {
  if (!byte(0x7b)) return false;
  // JCS orders members by UTF-16 code units, which is what the default sort compares.
  const keys = Object.keys(o).sort();
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !byte(0x2c)) return false;
    const v = o[keys[i]];
    if (v === undefined || !str(keys[i]) || !byte(0x3a) || !value(v, depth)) return false;
  }
  return byte(0x7d);
}

/** Safe integers only (the log refuses anything else), written as `canonicalize` writes them: -0 as 0. */
function int(v: number): boolean {
  if (!Number.isSafeInteger(v)) return false;
  let n = v;
  if (n < 0) {
    if (!byte(0x2d)) return false;
    n = -n;
  }
  if (n === 0) return byte(0x30);
  if (p >= end || b[p] === 0x30) return false;
  let acc = 0;
  let digits = 0;
  while (p < end && b[p] >= 0x30 && b[p] <= 0x39) {
    acc = acc * 10 + (b[p] - 0x30);
    p += 1;
    if (++digits > 16) return false;
  }
  return acc === n;
}

/** A JSON string exactly as JSON.stringify writes it (UTF-8, the short escapes, \u00xx below 0x20). */
function str(s: string): boolean {
  if (typeof s !== 'string' || !byte(0x22)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22 || c === 0x5c) {
        if (!byte(0x5c) || !byte(c)) return false;
      } else if (c >= 0x20) {
        if (!byte(c)) return false;
      } else if (SHORT_ESCAPES[c] !== undefined) {
        if (!byte(0x5c) || !byte(SHORT_ESCAPES[c])) return false;
      } else if (!word(`\\u00${HEX[c >> 4]}${HEX[c & 15]}`)) return false;
    } else if (c < 0x800) {
      if (!byte(0xc0 | (c >> 6)) || !byte(0x80 | (c & 0x3f))) return false;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one code point in four bytes; a lone surrogate (escaped by JSON.stringify) is left to canonicalize.
      const d = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return false;
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      if (!byte(0xf0 | (cp >> 18)) || !byte(0x80 | ((cp >> 12) & 0x3f)) || !byte(0x80 | ((cp >> 6) & 0x3f)) || !byte(0x80 | (cp & 0x3f)))
        return false;
      i += 1;
    } else if (!byte(0xe0 | (c >> 12)) || !byte(0x80 | ((c >> 6) & 0x3f)) || !byte(0x80 | (c & 0x3f))) return false;
  }
  return byte(0x22);
}
