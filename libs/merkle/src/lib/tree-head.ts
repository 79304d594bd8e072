import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { HASH_SIZE } from './hash';

/** What a signed tree head commits to. */
export interface TreeHead {
  treeSize: number;
  rootHash: Buffer;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  /**
   * Tree size of the log's previous signed head (0 for its first): chains the heads, so one dropped from the stream
   * is seen at the next.
   */
  previousTreeSize: number;
}

/** Extension type of `previousTreeSize` in the head's extensions (private to this log). */
export const PREVIOUS_TREE_SIZE_EXTENSION = 0xe000;

/**
 * RFC 9162 §4.9 TreeHeadDataV2, TLS presentation encoding: uint64 timestamp, uint64 tree_size, NodeHash root_hash
 * (1-byte length + 32 bytes), Extension sth_extensions<0..2^16-1> holding one extension (uint16 type 0xE000, 2-byte
 * length, uint64 previous tree size). A fixed layout of 63 bytes, so an auditor can rebuild it in any language.
 */
export function treeHeadSignedBytes(head: TreeHead): Buffer {
  if (head.rootHash.length !== HASH_SIZE) throw new RangeError('root hash must be 32 bytes');
  for (const [name, v] of [
    ['tree size', head.treeSize],
    ['timestamp', head.timestamp],
    ['previous tree size', head.previousTreeSize],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`);
  }
  const out = Buffer.alloc(8 + 8 + 1 + HASH_SIZE + 2 + 2 + 2 + 8);
  let o = out.writeBigUInt64BE(BigInt(head.timestamp), 0);
  o = out.writeBigUInt64BE(BigInt(head.treeSize), o);
  o = out.writeUInt8(HASH_SIZE, o);
  o += head.rootHash.copy(out, o);
  o = out.writeUInt16BE(2 + 2 + 8, o);
  o = out.writeUInt16BE(PREVIOUS_TREE_SIZE_EXTENSION, o);
  o = out.writeUInt16BE(8, o);
  out.writeBigUInt64BE(BigInt(head.previousTreeSize), o);
  return out;
}

/** Ed25519 signature over the TreeHeadDataV2 bytes. */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): Buffer {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('tree heads are signed with an Ed25519 key');
  return sign(null, treeHeadSignedBytes(head), privateKey);
}

export function verifyTreeHead(head: TreeHead, signature: Uint8Array, publicKey: KeyObject): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  try {
    return verify(null, treeHeadSignedBytes(head), publicKey, signature);
  } catch {
    return false;
  }
}

/** Key id: SHA-256 of the DER SubjectPublicKeyInfo, hex (the way Certificate Transparency names a log key). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** An Ed25519 public key from PEM (SPKI) or JWK text. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('{') ? createPublicKey({ key: JSON.parse(trimmed), format: 'jwk' }) : createPublicKey(trimmed);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 public key, got ${key.asymmetricKeyType}`);
  return key;
}

/** An Ed25519 private key from PEM (PKCS#8) or JWK text. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('{') ? createPrivateKey({ key: JSON.parse(trimmed), format: 'jwk' }) : createPrivateKey(trimmed);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 private key, got ${key.asymmetricKeyType}`);
  return key;
}
