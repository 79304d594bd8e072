import { RFC9162 } from '@transmute/rfc9162';
import fc from 'fast-check';
import { createHash, generateKeyPairSync } from 'node:crypto';
import vectors from '../fixtures/rfc6962-vectors.json';
import {
  canonicalBytes,
  checkConsistency,
  emptyRoot,
  Frontier,
  keyIdOf,
  leafHash,
  leafHashOfText,
  leafInputOfBase64,
  hashLeafInput,
  MemoryTree,
  nodeHash,
  ProofError,
  signTreeHead,
  treeHeadSignedBytes,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '../index';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bin = (h: string): Buffer => Buffer.from(h, 'hex');
const leaves = vectors.leaves.map(bin);

describe('RFC 6962 test vectors (Certificate Transparency reference data)', () => {
  const tree = MemoryTree.fromData(leaves);

  it('hashes every leaf and every complete subtree as the reference does', () => {
    vectors.nodeHashes.forEach((level, l) => level.forEach((h, i) => expect(hex(tree.subtree(l, i))).toBe(h)));
  });

  it('gives the reference root for every tree size 0..8, also through the O(log n) frontier', () => {
    expect(hex(emptyRoot())).toBe(vectors.emptyRoot);
    const frontier = new Frontier();
    expect(hex(frontier.root())).toBe(vectors.emptyRoot);
    vectors.roots.forEach((root, i) => {
      expect(hex(tree.root(i + 1))).toBe(root);
      frontier.appendData(leaves[i]);
      expect(hex(frontier.root())).toBe(root);
    });
  });

  it('produces and verifies the reference inclusion proofs', () => {
    for (const v of vectors.inclusionProofs) {
      expect(tree.inclusionProof(v.index, v.size).map(hex)).toEqual(v.proof);
      expect(verifyInclusion(v.index, v.size, leafHash(leaves[v.index]), v.proof.map(bin), bin(vectors.roots[v.size - 1]))).toBe(true);
    }
  });

  it('produces and verifies the reference consistency proofs', () => {
    for (const v of vectors.consistencyProofs) {
      expect(tree.consistencyProof(v.size1, v.size2).map(hex)).toEqual(v.proof);
      expect(verifyConsistency(v.size1, v.size2, bin(vectors.roots[v.size1 - 1]), bin(vectors.roots[v.size2 - 1]), v.proof.map(bin))).toBe(
        true,
      );
    }
  });

  it('refuses corrupted inclusion proofs (wrong index, size, leaf, root, extra, missing or flipped element)', () => {
    for (const v of vectors.inclusionProofs.filter((p) => p.proof.length > 0)) {
      const proof = v.proof.map(bin);
      const leaf = leafHash(leaves[v.index]);
      const root = bin(vectors.roots[v.size - 1]);
      const flipped = proof.map((p, i) => (i === 0 ? Buffer.from([p[0] ^ 8, ...p.subarray(1)]) : p));
      expect(verifyInclusion(v.index + 1, v.size, leaf, proof, root)).toBe(false);
      expect(verifyInclusion(v.index, v.size * 2, leaf, proof, root)).toBe(false);
      expect(verifyInclusion(v.index, v.size, leafHash(Buffer.from('WrongLeaf')), proof, root)).toBe(false);
      expect(verifyInclusion(v.index, v.size, leaf, proof, emptyRoot())).toBe(false);
      expect(verifyInclusion(v.index, v.size, leaf, [...proof, root], root)).toBe(false);
      expect(verifyInclusion(v.index, v.size, leaf, proof.slice(0, -1), root)).toBe(false);
      expect(verifyInclusion(v.index, v.size, leaf, flipped, root)).toBe(false);
    }
  });

  it('refuses corrupted consistency proofs and names the failure', () => {
    for (const v of vectors.consistencyProofs.filter((p) => p.proof.length > 0)) {
      const proof = v.proof.map(bin);
      const r1 = bin(vectors.roots[v.size1 - 1]);
      const r2 = bin(vectors.roots[v.size2 - 1]);
      expect(verifyConsistency(v.size1, v.size2, r2, r1, proof)).toBe(false);
      expect(verifyConsistency(v.size1, v.size2, r1, r2, [])).toBe(false);
      expect(verifyConsistency(v.size1, v.size2, r1, r2, proof.slice(0, -1))).toBe(false);
      expect(verifyConsistency(v.size1, v.size2, r1, r2, [...proof, r2])).toBe(false);
      expect(verifyConsistency(v.size1 + 1, v.size2, r1, r2, proof)).toBe(false);
      expect(verifyConsistency(v.size1, v.size2, r1, emptyRoot(), proof)).toBe(false);
    }
    expect(() => checkConsistency(3, 3, bin(vectors.roots[2]), bin(vectors.roots[1]), [])).toThrow(
      new ProofError('two different roots for the same tree size 3'),
    );
    expect(() => checkConsistency(4, 2, emptyRoot(), emptyRoot(), [])).toThrow(ProofError);
  });
});

describe('cross-check against the independent implementation @transmute/rfc9162', () => {
  const data = fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 70 });

  it('agrees on the root of random trees', async () => {
    await fc.assert(
      fc.asyncProperty(data, async (entries) => {
        const mine = MemoryTree.fromData(entries);
        const frontier = new Frontier();
        entries.forEach((e) => frontier.appendData(e));
        const theirs = hex(await RFC9162.MTH(entries));
        expect(hex(mine.root())).toBe(theirs);
        expect(hex(frontier.root())).toBe(theirs);
      }),
      { numRuns: 60 },
    );
  });

  it('agrees on inclusion proofs, and each verifies with our verifier', async () => {
    await fc.assert(
      fc.asyncProperty(
        data.chain((entries) => fc.tuple(fc.constant(entries), fc.nat({ max: entries.length - 1 }))),
        async ([entries, m]) => {
          const mine = MemoryTree.fromData(entries);
          const theirs = await RFC9162.PATH(m, entries);
          expect(mine.inclusionProof(m).map(hex)).toEqual(theirs.map(hex));
          expect(verifyInclusion(m, entries.length, leafHash(entries[m]), theirs, mine.root())).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees on consistency proofs between any two sizes, and each verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        data.chain((entries) => fc.tuple(fc.constant(entries), fc.integer({ min: 1, max: entries.length }))),
        async ([entries, m]) => {
          const mine = MemoryTree.fromData(entries);
          const ours = mine.consistencyProof(m);
          if (m < entries.length) {
            const theirs = (await RFC9162.PROOF(m, entries)).map(hex);
            // @transmute/rfc9162 0.0.5 ignores SUBPROOF's b flag: when m is a power of two it also sends MTH(D[0:m]),
            // the old root that RFC 9162 leaves out (the verifier prepends it). The rest must be identical.
            if ((m & (m - 1)) === 0) expect(theirs[0]).toBe(hex(mine.root(m)));
            expect(ours.map(hex)).toEqual((m & (m - 1)) === 0 ? theirs.slice(1) : theirs);
          }
          expect(verifyConsistency(m, entries.length, mine.root(m), mine.root(), ours)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('resumes a frontier from stored complete subtrees and keeps the same roots', () => {
    fc.assert(
      fc.property(data, fc.nat(), (entries, cut) => {
        const k = cut % (entries.length + 1);
        const full = MemoryTree.fromData(entries);
        const first = new Frontier();
        entries.slice(0, k).forEach((e) => first.appendData(e));
        const resumed = Frontier.resume(k, first.snapshot());
        entries.slice(k).forEach((e) => resumed.appendData(e));
        expect(hex(resumed.root())).toBe(hex(full.root()));
      }),
      { numRuns: 60 },
    );
  });
});

describe('signed tree heads and canonical bytes', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const head = { treeSize: 8, rootHash: bin(vectors.roots[7]), timestamp: 1_767_225_600_000, previousTreeSize: 5 };

  it('encodes the RFC 9162 TreeHeadDataV2 layout and verifies only the signed head with the right key', () => {
    const bytes = treeHeadSignedBytes(head);
    expect(hex(bytes)).toBe(
      '0000019b76daa800' + '0000000000000008' + '20' + vectors.roots[7] + '000c' + 'e000' + '0008' + '0000000000000005',
    );
    const sig = signTreeHead(head, privateKey);
    expect(verifyTreeHead(head, sig, publicKey)).toBe(true);
    expect(verifyTreeHead({ ...head, treeSize: 9 }, sig, publicKey)).toBe(false);
    expect(verifyTreeHead({ ...head, timestamp: head.timestamp + 1 }, sig, publicKey)).toBe(false);
    expect(verifyTreeHead({ ...head, previousTreeSize: 4 }, sig, publicKey)).toBe(false);
    expect(verifyTreeHead(head, sig, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('canonicalises per RFC 8785 (sorted keys, no spaces) and refuses floats and unsafe integers', () => {
    expect(canonicalBytes({ b: 1, a: { d: [true, null], c: 'é' } }).toString()).toBe('{"a":{"c":"é","d":[true,null]},"b":1}');
    expect(() => canonicalBytes({ amount: 10.5 })).toThrow('$.amount: 10.5 is not a safe integer');
    expect(() => canonicalBytes({ amount: 2 ** 53 })).toThrow(TypeError);
    expect(() => canonicalBytes({ a: undefined })).toThrow('$.a is undefined');
  });

  it('hashes leaves and nodes exactly as SHA-256 over the prefixed bytes (scratch buffers of any size, texts as UTF-8)', () => {
    const sha = (...parts: Uint8Array[]): string => {
      const h = createHash('sha256');
      parts.forEach((p) => h.update(p));
      return h.digest('hex');
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.uint8Array({ maxLength: 9000 }), (text, bytes) => {
        expect(hex(leafHashOfText(text))).toBe(sha(Buffer.from([0]), Buffer.from(text, 'utf8')));
        expect(hex(leafHash(bytes))).toBe(sha(Buffer.from([0]), bytes));
        // The scratch buffer is reused: a shorter input after a longer one must not see the longer one's tail.
        expect(hex(leafHash(bytes.subarray(0, 3)))).toBe(sha(Buffer.from([0]), bytes.subarray(0, 3)));
        // Bytes carried as base64 are decoded behind the prefix and hashed there.
        const input = leafInputOfBase64(Buffer.from(bytes).toString('base64'));
        expect(input.subarray(1).equals(Buffer.from(bytes))).toBe(true);
        expect(hex(hashLeafInput(input))).toBe(sha(Buffer.from([0]), bytes));
      }),
      { numRuns: 300 },
    );
    const [l, r] = [leafHash(Buffer.from('l')), leafHash(Buffer.from('r'))];
    expect(hex(nodeHash(l, r))).toBe(sha(Buffer.from([1]), l, r));
    expect(hex(nodeHash(l, r))).toBe(sha(Buffer.from([1]), l, r));
    expect(() => hashLeafInput(Buffer.from([1, 2]))).toThrow('a leaf input starts with 0x00');
  });
});
