import { emptyRoot, leafHash, nodeHash, splitPoint } from './hash';

/** The leaves [start, end) of the log. */
export interface LeafRange {
  start: number;
  end: number;
}

/** A complete subtree: 2^level leaves starting at index · 2^level. */
export interface SubtreeCoord {
  level: number;
  index: number;
}

/** Where a prover finds the hash of a complete subtree (a stored node, or a computed one in memory). */
export type CompleteSubtrees = (level: number, index: number) => Buffer;

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[start:start+n]) as leaf ranges, from the leaf's sibling up to the root's child: the
 * prover then only needs the hash of each range.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  assertIndex(index, size);
  const out: LeafRange[] = [];
  const walk = (m: number, start: number, n: number): void => {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, k);
      out.push({ start: start + k, end: start + n });
    } else {
      walk(m - k, start + k, n - k);
      out.push({ start, end: start + k });
    }
  };
  walk(index, 0, size);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) as leaf ranges; empty when m = n. */
export function consistencyProofRanges(size1: number, size2: number): LeafRange[] {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size1 > size2) {
    throw new RangeError(`a consistency proof needs 1 ≤ size1 ≤ size2, got ${size1} and ${size2}`);
  }
  const out: LeafRange[] = [];
  const sub = (m: number, start: number, n: number, b: boolean): void => {
    if (m === n) {
      if (!b) out.push({ start, end: start + n });
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, k, b);
      out.push({ start: start + k, end: start + n });
    } else {
      sub(m - k, start + k, n - k, false);
      out.push({ start, end: start + k });
    }
  };
  sub(size1, 0, size2, true);
  return out;
}

/**
 * The complete subtrees whose hashes make up MTH(D[start:end]), left to right (largest first). Ranges produced by
 * the proof algorithms start on a boundary of their own size, so this is at most log2(end - start) + 1 subtrees.
 */
export function completeSubtreesOf(range: LeafRange): SubtreeCoord[] {
  const out: SubtreeCoord[] = [];
  let start = range.start;
  const end = range.end;
  while (start < end) {
    // The largest aligned power of two that starts at `start` and fits before `end`.
    let size = 1;
    while (start % (size * 2) === 0 && start + size * 2 <= end) size *= 2;
    if (start + size > end) throw new RangeError(`range [${range.start}, ${range.end}) is not decomposable`);
    out.push({ level: Math.log2(size), index: start / size });
    start += size;
  }
  return out;
}

/** MTH of a range from its complete subtrees, folded from the right as RFC 6962 splits (left part always full). */
export function rangeHash(range: LeafRange, subtrees: CompleteSubtrees): Buffer {
  const parts = completeSubtreesOf(range);
  if (parts.length === 0) return emptyRoot();
  let acc = subtrees(parts[parts.length - 1].level, parts[parts.length - 1].index);
  for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(subtrees(parts[i].level, parts[i].index), acc);
  return acc;
}

/** Every complete subtree a prover needs for these ranges (to fetch them in one query). */
export function subtreesNeeded(ranges: LeafRange[]): SubtreeCoord[] {
  const seen = new Map<string, SubtreeCoord>();
  for (const r of ranges) for (const c of completeSubtreesOf(r)) seen.set(`${c.level}:${c.index}`, c);
  return [...seen.values()];
}

export function rootHash(size: number, subtrees: CompleteSubtrees): Buffer {
  return rangeHash({ start: 0, end: size }, subtrees);
}

export function inclusionProof(index: number, size: number, subtrees: CompleteSubtrees): Buffer[] {
  return inclusionProofRanges(index, size).map((r) => rangeHash(r, subtrees));
}

export function consistencyProof(size1: number, size2: number, subtrees: CompleteSubtrees): Buffer[] {
  return consistencyProofRanges(size1, size2).map((r) => rangeHash(r, subtrees));
}

/** A tree held in memory (tests, small logs): every complete subtree computed once from the leaf hashes. */
export class MemoryTree {
  private readonly levels: Buffer[][] = [[]];

  static fromData(entries: Uint8Array[]): MemoryTree {
    const t = new MemoryTree();
    for (const e of entries) t.appendLeafHash(leafHash(e));
    return t;
  }

  get size(): number {
    return this.levels[0].length;
  }

  appendLeafHash(hash: Buffer): void {
    this.levels[0].push(hash);
    let level = 0;
    let index = this.levels[0].length - 1;
    while (index % 2 === 1) {
      const parent = nodeHash(this.levels[level][index - 1], this.levels[level][index]);
      level += 1;
      index = (index - 1) / 2;
      (this.levels[level] ??= []).push(parent);
    }
  }

  readonly subtree: CompleteSubtrees = (level, index) => {
    const h = this.levels[level]?.[index];
    if (!h) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    return h;
  };

  root(size = this.size): Buffer {
    return rootHash(size, this.subtree);
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    return inclusionProof(index, size, this.subtree);
  }

  consistencyProof(size1: number, size2 = this.size): Buffer[] {
    return consistencyProof(size1, size2, this.subtree);
  }
}

function assertIndex(index: number, size: number): void {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  }
}
