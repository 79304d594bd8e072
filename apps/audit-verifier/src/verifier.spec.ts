import type { EncodedEvent } from '@wco/contracts';
import { Frontier, leafHash } from '@wco/merkle';
import { generateKeyPairSync } from 'node:crypto';
import { buildStream, entryEvent, headEvent, postedPayload, sealEntry, signHead } from './testing/stream-builder';
import { StreamVerifier, VerificationBreak, type SavedHead } from './verifier';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

function run(messages: EncodedEvent[], saved?: SavedHead): ReturnType<StreamVerifier['finish']> {
  const v = new StreamVerifier(publicKey, saved);
  messages.forEach((m, i) => v.accept(m, { partition: 0, offset: String(i) }));
  return v.finish();
}

function breakOf(messages: EncodedEvent[], saved?: SavedHead): VerificationBreak {
  try {
    run(messages, saved);
  } catch (e) {
    if (e instanceof VerificationBreak) return e;
    throw e;
  }
  throw new Error('the verifier accepted a tampered stream');
}

describe('StreamVerifier on a stream built from the contract', () => {
  const good = buildStream(23, 5, privateKey);

  it('accepts the intact stream and reports the last signed head and the unsigned tail', () => {
    const summary = run(good.messages);
    expect(summary).toMatchObject({ entries: 23, treeHeads: 4, unsignedEntries: 3 });
    expect(summary.lastHead).toMatchObject({ treeSize: 20, rootHash: good.heads[3].rootHash });
  });

  it('names a changed amount re-published with the old leaf hash (entry altered)', () => {
    const m = [...good.messages];
    const e = good.entries[6];
    // The payload changed, its canonical bytes re-encoded to match, the leaf hash kept.
    const { leafHash, canonical } = sealEntry({ ...e, payload: postedPayload(999_999) });
    expect(leafHash).not.toBe(e.leafHash);
    const at = m.findIndex((x) => JSON.parse(x.value).seq === 7);
    m[at] = entryEvent({ ...e, payload: postedPayload(999_999), canonical });
    const b = breakOf(m);
    expect(b.code).toBe('entry_altered');
    expect(b.message).toMatch(
      /^Entry 7 \(ledger\.entry\.posted entry-7\) was altered: its content hashes to [0-9a-f]{16}…, but it carries the leaf hash [0-9a-f]{16}…\.$/,
    );
    // The same change without the canonical bytes (an entry of the format before them): the fields are hashed.
    m[at] = entryEvent({ ...e, payload: postedPayload(999_999), canonical: undefined });
    expect(breakOf(m).code).toBe('entry_altered');
  });

  it('names a changed amount whose canonical bytes were left as they were (fields and hashed bytes disagree)', () => {
    const m = [...good.messages];
    const e = good.entries[6];
    m[m.findIndex((x) => JSON.parse(x.value).seq === 7)] = entryEvent({ ...e, payload: postedPayload(999_999) });
    const b = breakOf(m);
    expect(b.code).toBe('entry_altered');
    expect(b.message).toBe(
      'Entry 7 (ledger.entry.posted entry-7) was altered or encoded twice: the bytes its leaf hashes are not the RFC 8785 text of its fields; ' +
        'they first differ at byte 106, where the fields give "-8000-000000999999\\",\\"fiscalYear\\":2027,\\"k" and the bytes hold "-8000-000000001006\\",\\"fiscalYear\\":2027,\\"k".',
    );
  });

  it('refuses an entry hashed over a non-canonical encoding of its fields, even when the leaf matches those bytes', () => {
    const e = good.entries[0];
    const { seq, kind, aggregateId, payload, recordedAt, prevHash } = e;
    const encodings = [
      JSON.stringify({ seq, kind, aggregateId, payload, recordedAt, prevHash }), // members not sorted
      JSON.stringify(JSON.parse(Buffer.from(e.canonical as string, 'base64').toString('utf8')), null, 1), // whitespace
      Buffer.from(e.canonical as string, 'base64')
        .toString('utf8')
        .replace('"kind":"ledger', '"kind":"\\u006cedger'), // an escape JCS does not write
      Buffer.from(e.canonical as string, 'base64')
        .toString('utf8')
        .replace('"seq":1}', '"seq":1.0}'), // a number not in shortest form
    ];
    for (const text of encodings) {
      const bytes = Buffer.from(text, 'utf8');
      expect(JSON.parse(text)).toEqual({ seq, kind, aggregateId, payload, recordedAt, prevHash });
      // A log that hashed these bytes would chain and sign consistently; the verifier still refuses the second encoding.
      const forged = { ...e, leafHash: leafHash(bytes).toString('hex'), canonical: bytes.toString('base64') };
      const b = breakOf([entryEvent(forged)]);
      expect([b.code, b.message]).toEqual([
        'entry_altered',
        expect.stringContaining('Entry 1 (ledger.entry.posted entry-1) was altered or encoded twice'),
      ]);
    }
  });

  it('verifies entries without canonical bytes (published before the field) as well as with them', () => {
    const old = good.entries.slice(0, 5).map(({ canonical: _, ...e }) => entryEvent(e));
    expect(run(old).entries).toBe(5);
    const mixed = good.messages.map((x, i) =>
      i % 2 === 0 && JSON.parse(x.value).seq ? entryEvent({ ...JSON.parse(x.value), canonical: undefined }) : x,
    );
    expect(run(mixed)).toMatchObject({ entries: 23, treeHeads: 4 });
  });

  it('names a changed amount re-hashed by the tamperer (the next entry no longer chains)', () => {
    const m = [...good.messages];
    const e = good.entries[6];
    m[m.findIndex((x) => JSON.parse(x.value).seq === 7)] = entryEvent(sealEntry({ ...e, payload: postedPayload(1) }));
    const b = breakOf(m);
    expect(b.code).toBe('hash_chain_broken');
    expect(b.message).toContain('Entry 8 breaks the hash chain: its previous hash should be');
  });

  it('names a changed amount with the whole chain recomputed (the signed root no longer matches)', () => {
    const forged = buildStream(23, 5, privateKey, (i) => (i === 7 ? 1 : 1000 + i));
    // The tamperer rebuilt entries and roots but cannot sign: keep the genuine heads.
    const m = forged.messages.map((x, i) => (JSON.parse(x.value).treeSize !== undefined ? good.messages[i] : x));
    const b = breakOf(m);
    expect(b.code).toBe('root_mismatch');
    expect(b.message).toMatch(
      /^The tree head at size 10 signs root [0-9a-f]{16}…, but entries 1 to 10 as received hash to [0-9a-f]{16}…: the entries differ from what was signed\.$/,
    );
  });

  it('names a deleted entry (sequence gap)', () => {
    const m = good.messages.filter((x) => JSON.parse(x.value).seq !== 3);
    const b = breakOf(m);
    expect(b.code).toBe('sequence_gap');
    expect(b.message).toBe('Sequence number 3 is missing: expected entry 3, found entry 4.');
  });

  it('names two reordered entries', () => {
    const m = [...good.messages];
    const i = m.findIndex((x) => JSON.parse(x.value).seq === 11);
    [m[i], m[i + 1]] = [m[i + 1], m[i]];
    const b = breakOf(m);
    expect(b.code).toBe('sequence_gap');
    expect(b.message).toBe('Sequence number 11 is missing: expected entry 11, found entry 12.');
  });

  it('names a duplicated entry', () => {
    const m = [...good.messages];
    m.splice(6, 0, entryEvent(good.entries[3]));
    expect(breakOf(m).message).toBe('Sequence number 4 appears twice: it was already received, and the next expected number was 6.');
  });

  it('names a dropped tree head at the next one', () => {
    const m = good.messages.filter((x) => JSON.parse(x.value).treeSize !== 10);
    const b = breakOf(m);
    expect(b.code).toBe('tree_head_missing');
    expect(b.message).toBe(
      'A signed tree head is missing: the head at size 15 follows a head at size 10, but the last head received was at size 5.',
    );
  });

  it('names a tree head forged with another key, and one whose signature was altered', () => {
    const f = new Frontier();
    good.entries.slice(0, 10).forEach((e) => f.append(Buffer.from(e.leafHash, 'hex')));
    const forged = signHead(10, 5, f.root(), other.privateKey);
    const m = good.messages.map((x) => (JSON.parse(x.value).treeSize === 10 ? headEvent(forged) : x));
    const b = breakOf(m);
    expect(b.code).toBe('foreign_key');
    expect(b.message).toMatch(/^The tree head at size 10 is signed by key [0-9a-f]{16}…, not by the published key [0-9a-f]{16}…\.$/);
    const altered = { ...good.heads[1], timestamp: good.heads[1].timestamp + 1 };
    const b2 = breakOf(good.messages.map((x) => (JSON.parse(x.value).treeSize === 10 ? headEvent(altered) : x)));
    expect(b2.code).toBe('bad_signature');
  });

  it('names a history rewritten behind the head saved by an earlier run, and a truncated one', () => {
    const saved = run(good.messages).lastHead as SavedHead;
    // A second log, fully re-signed with the genuine key (a key compromise or an insider re-running the log).
    const rewritten = buildStream(25, 5, privateKey, (i) => (i === 2 ? 0 : 1000 + i));
    const b = breakOf(rewritten.messages, saved);
    expect(b.code).toBe('history_rewritten');
    expect(b.message).toMatch(
      /^History was rewritten: the first 20 entries now hash to root [0-9a-f]{16}…, but the tree head you saved in an earlier run \(.+\) signed root [0-9a-f]{16}… for the same entries\.$/,
    );
    const truncated = breakOf(good.messages.slice(0, 12), saved);
    expect(truncated.code).toBe('history_truncated');
    expect(run(buildStream(30, 5, privateKey).messages, saved).entries).toBe(30);
  });

  it('recomputes the trial balance from the verified entries, and names an entry that does not balance', () => {
    const v = new StreamVerifier(publicKey);
    good.messages.forEach((m, i) => v.accept(m, { partition: 0, offset: String(i) }));
    const total = good.entries.reduce((n, _, i) => n + 1000n + BigInt(i), 0n);
    expect(v.trialBalances.of(2027).get('6100')).toEqual({ debitCents: total, creditCents: 0n });
    expect(v.trialBalances.of(2027).get('4000')).toEqual({ debitCents: 0n, creditCents: total });
    const unbalanced = buildStream(3, 5, privateKey);
    const bad = sealEntry({
      ...unbalanced.entries[2],
      payload: { ...postedPayload(5), postings: [{ account: '6100', lineCode: null, amountCents: '5' }] },
    });
    const b = breakOf([...unbalanced.messages.slice(0, 2), entryEvent(bad)]);
    expect([b.code, b.message]).toEqual(['ledger_inconsistent', 'Entry 3 does not balance: its postings sum to 5 cents instead of 0.']);
  });

  it('names an event that does not match its contract', () => {
    const m = [...good.messages];
    m[0] = entryEvent({ ...good.entries[0], seq: 0 });
    const b = breakOf(m);
    expect(b.code).toBe('schema_violation');
    expect(b.message).toContain('Entry 0 does not match its contract');
  });
});
