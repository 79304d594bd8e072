import { isHash, nodeHash } from './hash';

/** Why a proof did not verify, in words an auditor can act on. */
export class ProofError extends Error {
  override readonly name = 'ProofError';
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to (throws ProofError when the proof cannot be one). */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new ProofError(`leaf index ${index} is outside a tree of size ${size}`);
  }
  if (!isHash(leaf)) throw new ProofError('the leaf hash is not 32 bytes');
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (!isHash(p)) throw new ProofError('a proof element is not 32 bytes');
    if (sn === 0) throw new ProofError('the inclusion proof is longer than the tree is deep');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('the inclusion proof is shorter than the tree is deep');
  return r;
}

export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  try {
    return rootFromInclusionProof(index, size, leaf, proof).equals(root);
  } catch (e) {
    if (e instanceof ProofError) return false;
    throw e;
  }
}

/**
 * RFC 9162 §2.1.4.2: does the tree of size2 with root2 extend the tree of size1 with root1 (same first size1
 * leaves)? Throws ProofError naming what failed.
 */
export function checkConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): void {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) {
    throw new ProofError(`tree size ${size2} cannot extend tree size ${size1}`);
  }
  if (size1 === size2) {
    if (proof.length !== 0) throw new ProofError('equal sizes take an empty consistency proof');
    if (!Buffer.from(root1).equals(Buffer.from(root2))) throw new ProofError(`two different roots for the same tree size ${size1}`);
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) throw new ProofError('the empty tree takes an empty consistency proof');
    return;
  }
  if (proof.length === 0) throw new ProofError('the consistency proof is empty');
  for (const p of proof) if (!isHash(p)) throw new ProofError('a proof element is not 32 bytes');
  // A first tree of 2^k leaves is a complete subtree of the second: RFC 9162 leaves its root out of the proof.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('the consistency proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('the consistency proof is too short');
  if (!fr.equals(Buffer.from(root1))) throw new ProofError(`the proof does not lead to the root of tree size ${size1}`);
  if (!sr.equals(Buffer.from(root2))) throw new ProofError(`the proof does not lead to the root of tree size ${size2}`);
}

export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  try {
    checkConsistency(size1, size2, root1, root2, proof);
    return true;
  } catch (e) {
    if (e instanceof ProofError) return false;
    throw e;
  }
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}
