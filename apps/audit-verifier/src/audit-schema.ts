import { AuditEntryAppendedEvent, TreeHeadSignedEvent } from '@wco/contracts';

/*
 * A fast yes for the two audit event types. class-validator (the contract classes) costs about 100 µs an event,
 * most of a verifier run; these checks cost a few µs. They answer true only when the payload certainly satisfies the
 * contract (exact key set, types, patterns, a real ISO 8601 instant); anything else, edge cases included, goes to
 * the contract classes, which decide and word the error. audit-schema.spec.ts checks on random payloads that a true
 * here is never refused by the contract.
 */

const HEX64 = /^[0-9a-f]{64}$/;
const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Characters whose length class-validator counts differently from String.length: leave those to it.
function isPlainText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0xfe0e || c === 0xfe0f) return false;
  }
  return true;
}

const ENTRY_KEYS = ['seq', 'kind', 'aggregateId', 'payload', 'recordedAt', 'prevHash', 'leafHash'];
const ENTRY_KEYS_WITH_BYTES = [...ENTRY_KEYS, 'canonical'];
// Base64 digits; a table lookup per character costs a third of the equivalent regular expression on long strings.
const BASE64_DIGIT = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_DIGIT[c.charCodeAt(0)] = 1;

/** Padded base64 (length a multiple of 4, at most two '=' at the end): what Buffer#toString('base64') writes. */
function isBase64(v: unknown): boolean {
  if (typeof v !== 'string' || v.length % 4 !== 0) return false;
  let end = v.length;
  if (end > 0 && v.charCodeAt(end - 1) === 0x3d) end -= v.charCodeAt(end - 2) === 0x3d ? 2 : 1;
  for (let i = 0; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128 || BASE64_DIGIT[c] === 0) return false;
  }
  return true;
}
const HEAD_KEYS = ['treeSize', 'previousTreeSize', 'rootHash', 'timestamp', 'keyId', 'signature'];

function hasExactly(o: Record<string, unknown>, keys: string[]): boolean {
  if (Object.getPrototypeOf(o) !== Object.prototype) return false;
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(o, k));
}

const natural = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const matches = (v: unknown, re: RegExp): boolean => typeof v === 'string' && re.test(v);

function isEntry(o: Record<string, unknown>): boolean {
  return (
    (o['canonical'] === undefined ? hasExactly(o, ENTRY_KEYS) : hasExactly(o, ENTRY_KEYS_WITH_BYTES) && isBase64(o['canonical'])) &&
    natural(o['seq']) &&
    (o['seq'] as number) >= 1 &&
    matches(o['kind'], KIND) &&
    (o['kind'] as string).length <= 100 &&
    typeof o['aggregateId'] === 'string' &&
    o['aggregateId'].length >= 1 &&
    o['aggregateId'].length <= 200 &&
    isPlainText(o['aggregateId']) &&
    typeof o['payload'] === 'object' &&
    o['payload'] !== null &&
    !Array.isArray(o['payload']) &&
    matches(o['recordedAt'], INSTANT) &&
    isRealInstant(o['recordedAt'] as string) &&
    matches(o['prevHash'], HEX64) &&
    matches(o['leafHash'], HEX64)
  );
}

function isHead(o: Record<string, unknown>): boolean {
  return (
    hasExactly(o, HEAD_KEYS) &&
    natural(o['treeSize']) &&
    natural(o['previousTreeSize']) &&
    natural(o['timestamp']) &&
    matches(o['rootHash'], HEX64) &&
    matches(o['keyId'], HEX64) &&
    matches(o['signature'], SIGNATURE)
  );
}

/** `s` matches INSTANT: is it a real instant (Date would print it back unchanged)? Digit arithmetic, no Date. */
function isRealInstant(s: string): boolean {
  const n = (from: number, to: number): number => {
    let v = 0;
    for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
    return v;
  };
  const year = n(0, 4);
  const month = n(5, 7);
  const day = n(8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days && n(11, 13) < 24 && n(14, 16) < 60 && n(17, 19) < 60;
}

/** True when `data` certainly satisfies the contract of `type`; false means "ask the contract classes". */
export function certainlyValid(type: string, data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  if (type === AuditEntryAppendedEvent.type) return isEntry(data as Record<string, unknown>);
  if (type === TreeHeadSignedEvent.type) return isHead(data as Record<string, unknown>);
  return false;
}
