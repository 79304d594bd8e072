import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { HASH_SIZE } from './hash';

/** What a signed tree head commits to. */
export interface TreeHead {
  treeSize: number;
  rootHash: Buffer;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
}

/**
 * RFC 6962 §3.5 TreeHeadSignature: version v1 (0), signature_type tree_hash (1), uint64 timestamp (ms), uint64
 * tree_size, 32-byte root. A fixed binary layout, so an auditor can rebuild the signed bytes in any language.
 */
export function treeHeadSignedBytes(head: TreeHead): Buffer {
  if (head.rootHash.length !== HASH_SIZE) throw new RangeError('root hash must be 32 bytes');
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) throw new RangeError('tree size must be a non-negative integer');
  if (!Number.isSafeInteger(head.timestamp) || head.timestamp < 0) throw new RangeError('timestamp must be milliseconds since the epoch');
  const out = Buffer.alloc(2 + 8 + 8 + HASH_SIZE);
  out.writeUInt8(0, 0);
  out.writeUInt8(1, 1);
  out.writeBigUInt64BE(BigInt(head.timestamp), 2);
  out.writeBigUInt64BE(BigInt(head.treeSize), 10);
  head.rootHash.copy(out, 18);
  return out;
}

/** Ed25519 signature over the TreeHeadSignature bytes. */
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
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
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
