import { hash } from 'node:crypto';

/** SHA-256 output length; every hash of the log is this long. */
export const HASH_SIZE = 32;

// Scratch buffers for 0x00 ‖ bytes and 0x01 ‖ left ‖ right: hashing is synchronous, so no two calls ever share one.
let leafInput = Buffer.alloc(4096);
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE);
NODE_INPUT[0] = 0x01;

/*
 * One-shot `crypto.hash` rather than a `createHash` object per hash: the object costs more than hashing the 65 bytes
 * of a node (a verifier computes about two hashes per entry, so this is most of its hashing time).
 */

/** RFC 6962 §2.1: leaf = SHA-256(0x00 ‖ bytes). The prefix keeps a leaf from ever passing for an inner node. */
export function leafHash(bytes: Uint8Array): Buffer {
  leafInputFor(1 + bytes.length).set(bytes, 1);
  return hash('sha256', leafInput.subarray(0, 1 + bytes.length), 'buffer');
}

/** The leaf hash of a text's UTF-8 bytes, SHA-256(0x00 ‖ UTF-8(text)), without a buffer per text. */
export function leafHashOfText(text: string): Buffer {
  // At most 3 UTF-8 bytes per UTF-16 code unit; written into the scratch buffer, which is faster than hashing a string.
  const written = leafInputFor(1 + 3 * text.length).write(text, 1, 'utf8');
  return hash('sha256', leafInput.subarray(0, 1 + written), 'buffer');
}

/**
 * Decodes base64 bytes into the scratch buffer behind the 0x00 prefix and returns that view, 0x00 ‖ bytes (valid until
 * the next leaf call): a verifier checks the bytes there, then hashes the same view with `hashLeafInput`, with no
 * buffer per entry.
 */
export function leafInputOfBase64(base64: string): Buffer {
  const written = leafInputFor(1 + Math.ceil((base64.length * 3) / 4)).write(base64, 1, 'base64');
  return leafInput.subarray(0, 1 + written);
}

/** SHA-256 of a leaf input 0x00 ‖ bytes (as `leafInputOfBase64` returns it): the leaf hash of those bytes. */
export function hashLeafInput(input: Uint8Array): Buffer {
  if (input[0] !== 0x00) throw new RangeError('a leaf input starts with 0x00');
  return hash('sha256', input, 'buffer');
}

function leafInputFor(length: number): Buffer {
  if (leafInput.length < length) leafInput = Buffer.alloc(Math.max(length, 2 * leafInput.length));
  leafInput[0] = 0x00;
  return leafInput;
}

/** RFC 6962 §2.1: node = SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return hash('sha256', Buffer.concat([Buffer.from([0x01]), left, right]), 'buffer');
  }
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The root of the empty tree: SHA-256 of nothing. */
export function emptyRoot(): Buffer {
  return hash('sha256', Buffer.alloc(0), 'buffer');
}

/** Largest power of two strictly below n (n ≥ 2): the split point k of RFC 6962 §2.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}
