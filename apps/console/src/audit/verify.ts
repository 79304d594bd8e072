/*
 * "Verify in my browser": the auditor's own check of an audit-log entry, with WebCrypto only, so the console does not
 * have to trust the server's answer. The formats are budget-audit's (apps/budget-audit/src/audit-log/README.md):
 * leaf = SHA-256(0x00 ‖ canonical bytes), node = SHA-256(0x01 ‖ left ‖ right), inclusion path per RFC 9162 §2.1.3.2,
 * Ed25519 signature over the 63-byte TreeHeadDataV2, key id = SHA-256 of the key's DER SubjectPublicKeyInfo.
 */
import type { Schemas } from '../api/client';

// The API's own views (generated from the OpenAPI document): hashes hex, signature and canonical bytes base64.
export type TreeHeadInput = Schemas['budget-audit.TreeHeadView'];
export type InclusionInput = Schemas['budget-audit.InclusionProofView'];
export type PublishedKeyInput = Pick<Schemas['budget-audit.PublishedKeyView'], 'keyId' | 'publicKeyPem' | 'development'>;

export type CheckName = 'keyId' | 'signature' | 'leafHash' | 'inclusion';
export interface Check {
  name: CheckName;
  ok: boolean;
}
export interface Verdict {
  ok: boolean;
  checks: Check[];
  /** The published key says it is a development key: never trust it (the checks still run). */
  developmentKey: boolean;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    joined.set(p, o);
    o += p.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', joined));
}

export const leafHashOf = (canonical: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => sha256(Uint8Array.of(0), canonical);
const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => sha256(Uint8Array.of(1), left, right);

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to, or null when the path cannot be one for this index and size. */
export async function rootFromInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  path: Uint8Array[],
): Promise<Uint8Array | null> {
  if (leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The 63 bytes an Ed25519 tree-head signature covers. */
export function treeHeadSignedBytes(head: TreeHeadInput): Uint8Array<ArrayBuffer> {
  const root = hexToBytes(head.rootHash);
  if (root.length !== 32) throw new Error('root hash must be 32 bytes');
  const out = new Uint8Array(63);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.timestamp));
  view.setBigUint64(8, BigInt(head.treeSize));
  view.setUint8(16, 32);
  out.set(root, 17);
  view.setUint16(49, 12);
  view.setUint16(51, 0xe000);
  view.setUint16(53, 8);
  view.setBigUint64(55, BigInt(head.previousTreeSize));
  return out;
}

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return base64ToBytes(body);
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

async function safely(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch {
    return false;
  }
}

/**
 * Checks an entry against a signed tree head: the key is the published one (key id), the head is signed by it, the
 * entry's canonical bytes hash to its leaf, and the inclusion path leads from that leaf to the head's root. Each check
 * is reported; any failure (or malformed input) rejects.
 */
export async function verifyEntry(input: {
  key: PublishedKeyInput;
  head: TreeHeadInput;
  /** base64 canonical bytes of the entry */
  canonical: string;
  inclusion: InclusionInput;
}): Promise<Verdict> {
  const { key, head, inclusion } = input;
  let der = new Uint8Array(0);
  try {
    der = pemToDer(key.publicKeyPem);
  } catch {
    // a key that is not base64 fails the key-id and signature checks below
  }
  const checks: Check[] = [
    {
      name: 'keyId',
      ok: await safely(async () => bytesToHex(await sha256(der)) === head.keyId.toLowerCase() && key.keyId === head.keyId),
    },
    {
      name: 'signature',
      ok: await safely(async () => {
        const publicKey = await subtle().importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
        return subtle().verify({ name: 'Ed25519' }, publicKey, base64ToBytes(head.signature), treeHeadSignedBytes(head));
      }),
    },
    {
      name: 'leafHash',
      ok: await safely(async () => bytesToHex(await leafHashOf(base64ToBytes(input.canonical))) === inclusion.leafHash.toLowerCase()),
    },
    {
      name: 'inclusion',
      ok: await safely(async () => {
        if (inclusion.treeSize !== head.treeSize) return false;
        const root = await rootFromInclusion(
          inclusion.seq - 1,
          inclusion.treeSize,
          hexToBytes(inclusion.leafHash),
          inclusion.proof.map(hexToBytes),
        );
        return root !== null && sameBytes(root, hexToBytes(head.rootHash));
      }),
    },
  ];
  return { ok: checks.every((c) => c.ok), checks, developmentKey: key.development };
}

/** The same proof with one byte of its first hash flipped (or of the leaf, for a tree of one): what tampering looks like. */
export function tamperedProof(inclusion: InclusionInput): InclusionInput {
  const flip = (hex: string): string => `${(parseInt(hex.slice(0, 2), 16) ^ 0x01).toString(16).padStart(2, '0')}${hex.slice(2)}`;
  if (inclusion.proof.length === 0) return { ...inclusion, leafHash: flip(inclusion.leafHash) };
  return { ...inclusion, proof: [flip(inclusion.proof[0]), ...inclusion.proof.slice(1)] };
}
