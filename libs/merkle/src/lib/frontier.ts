import { emptyRoot, leafHash, nodeHash } from './hash';
import type { SubtreeCoord } from './tree';

export interface FrontierNode extends SubtreeCoord {
  hash: Buffer;
}

/**
 * The right edge of a growing tree: one hash per set bit of its size, so O(log n) memory however long the stream.
 * Appending a leaf merges equal-sized subtrees like a binary counter; the root is their right fold.
 */
export class Frontier {
  private nodes: FrontierNode[] = [];
  private count = 0;

  /**
   * Resumes a tree from its complete subtrees of [0, size) left to right (what `completeSubtreesOf({start: 0,
   * end: size})` lists), e.g. read back from storage.
   */
  static resume(size: number, nodes: FrontierNode[]): Frontier {
    const f = new Frontier();
    let covered = 0;
    for (const n of nodes) {
      const width = 2 ** n.level;
      if (n.index * width !== covered) throw new RangeError(`frontier node ${n.level}/${n.index} does not follow leaf ${covered}`);
      covered += width;
    }
    if (covered !== size) throw new RangeError(`frontier covers ${covered} leaves, not ${size}`);
    f.nodes = nodes.map((n) => ({ ...n }));
    f.count = size;
    return f;
  }

  get size(): number {
    return this.count;
  }

  /** Appends a leaf hash; `onNode` sees every complete subtree this closes (leaf included), to store it. */
  append(leaf: Buffer, onNode?: (node: FrontierNode) => void): void {
    let node: FrontierNode = { level: 0, index: this.count, hash: leaf };
    onNode?.(node);
    this.count += 1;
    while (this.nodes.length > 0 && this.nodes[this.nodes.length - 1].level === node.level) {
      const left = this.nodes.pop() as FrontierNode;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      onNode?.(node);
    }
    this.nodes.push(node);
  }

  appendData(bytes: Uint8Array): Buffer {
    const h = leafHash(bytes);
    this.append(h);
    return h;
  }

  root(): Buffer {
    if (this.nodes.length === 0) return emptyRoot();
    let acc = this.nodes[this.nodes.length - 1].hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) acc = nodeHash(this.nodes[i].hash, acc);
    return acc;
  }

  snapshot(): FrontierNode[] {
    return this.nodes.map((n) => ({ ...n }));
  }
}
