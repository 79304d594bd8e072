export { HASH_SIZE, leafHash, leafHashOfText, leafInputOfBase64, hashLeafInput, nodeHash, emptyRoot, splitPoint } from './lib/hash';
export {
  inclusionProofRanges,
  consistencyProofRanges,
  completeSubtreesOf,
  rangeHash,
  subtreesNeeded,
  rootHash,
  inclusionProof,
  consistencyProof,
  MemoryTree,
} from './lib/tree';
export type { LeafRange, SubtreeCoord, CompleteSubtrees } from './lib/tree';
export { ProofError, rootFromInclusionProof, verifyInclusion, checkConsistency, verifyConsistency } from './lib/verify';
export { Frontier } from './lib/frontier';
export type { FrontierNode } from './lib/frontier';
export { canonicalBytes, canonicalText } from './lib/canonical';
export {
  PREVIOUS_TREE_SIZE_EXTENSION,
  treeHeadSignedBytes,
  signTreeHead,
  verifyTreeHead,
  keyIdOf,
  parsePublicKey,
  parsePrivateKey,
} from './lib/tree-head';
export type { TreeHead } from './lib/tree-head';
