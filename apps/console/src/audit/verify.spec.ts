import { generateKeyPairSync } from 'node:crypto';
import { canonicalBytes, keyIdOf, leafHash, MemoryTree, signTreeHead, treeHeadSignedBytes as referenceSignedBytes } from '@wco/merkle';
import {
  bytesToHex,
  rootFromInclusion,
  tamperedProof,
  treeHeadSignedBytes,
  verifyEntry,
  type InclusionInput,
  type TreeHeadInput,
} from './verify';

/** A log as budget-audit keeps it (built with @wco/merkle, node:crypto), to check the console's WebCrypto code against. */
function signedLog(size: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const entries = Array.from({ length: size }, (_, i) =>
    canonicalBytes({ seq: i + 1, kind: 'fiscal_year.created', payload: { year: 2030 + i } }),
  );
  const leaves = entries.map((e) => leafHash(e));
  const tree = MemoryTree.fromData(entries);
  const head = { treeSize: size, rootHash: tree.root(), timestamp: 1_796_000_000_000, previousTreeSize: 0 };
  const signature = signTreeHead(head, privateKey);
  const view: TreeHeadInput = {
    treeSize: size,
    previousTreeSize: 0,
    rootHash: head.rootHash.toString('hex'),
    timestamp: head.timestamp,
    keyId: keyIdOf(publicKey),
    signature: signature.toString('base64'),
  };
  const key = { keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), development: false };
  const proofOf = (seq: number): InclusionInput => ({
    seq,
    treeSize: size,
    leafHash: leaves[seq - 1].toString('hex'),
    proof: tree.inclusionProof(seq - 1).map((h) => h.toString('hex')),
  });
  return { key, head: view, entries, proofOf };
}

describe('verify in the browser (WebCrypto) against the log format of @wco/merkle', () => {
  it.each([1, 2, 7, 64, 100])('accepts every entry of a signed log of %i entries', async (size) => {
    const log = signedLog(size);
    for (const seq of new Set([1, Math.ceil(size / 2), size])) {
      const verdict = await verifyEntry({
        key: log.key,
        head: log.head,
        canonical: Buffer.from(log.entries[seq - 1]).toString('base64'),
        inclusion: log.proofOf(seq),
      });
      expect(verdict.checks).toEqual([
        { name: 'keyId', ok: true },
        { name: 'signature', ok: true },
        { name: 'leafHash', ok: true },
        { name: 'inclusion', ok: true },
      ]);
      expect(verdict.ok).toBe(true);
    }
  });

  it('builds the same 63 signed bytes as @wco/merkle', () => {
    const head = { treeSize: 12345, previousTreeSize: 1000, rootHash: 'ab'.repeat(32), timestamp: 1_796_000_000_123 };
    const bytes = treeHeadSignedBytes({ ...head, keyId: '', signature: '' });
    expect(bytesToHex(bytes)).toBe(referenceSignedBytes({ ...head, rootHash: Buffer.from(head.rootHash, 'hex') }).toString('hex'));
  });

  it('rejects a tampered proof, a tampered entry, a head signed by another key and a forged root', async () => {
    const log = signedLog(10);
    const canonical = Buffer.from(log.entries[3]).toString('base64');
    const base = { key: log.key, head: log.head, canonical, inclusion: log.proofOf(4) };
    const failed = async (input: typeof base) => (await verifyEntry(input)).checks.filter((c) => !c.ok).map((c) => c.name);

    expect(await failed({ ...base, inclusion: tamperedProof(base.inclusion) })).toEqual(['inclusion']);
    expect(await failed({ ...base, canonical: Buffer.from(log.entries[4]).toString('base64') })).toEqual(['leafHash']);
    const other = signedLog(10);
    expect(await failed({ ...base, key: other.key })).toEqual(['keyId', 'signature']);
    const forgedRoot = { ...log.head, rootHash: '00'.repeat(32) };
    expect(await failed({ ...base, head: forgedRoot })).toEqual(['signature', 'inclusion']);
    expect(await failed({ ...base, inclusion: { ...base.inclusion, proof: base.inclusion.proof.slice(1) } })).toEqual(['inclusion']);
    expect(await failed({ ...base, key: { ...log.key, publicKeyPem: 'not a key' } })).toEqual(['keyId', 'signature']);
  });

  it('refuses a path for an index outside the tree', async () => {
    expect(await rootFromInclusion(5, 5, new Uint8Array(32), [])).toBeNull();
  });
});
