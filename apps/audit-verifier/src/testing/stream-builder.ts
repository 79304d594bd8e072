/* Builds a valid audit stream the way the log's contract describes it (not with budget-audit's code), for the
 * verifier's unit tests; tests then tamper with it. */
import { AUDIT_LOG_KEY, AuditEntryAppendedEvent, encodeEvent, TreeHeadSignedEvent } from '@wco/contracts';
import type { EncodedEvent } from '@wco/contracts';
import { canonicalBytes, Frontier, keyIdOf, leafHash, signTreeHead } from '@wco/merkle';
import { createPublicKey, type KeyObject } from 'node:crypto';

export interface BuiltStream {
  messages: EncodedEvent[];
  entries: AuditEntryAppendedEvent[];
  heads: TreeHeadSignedEvent[];
}

/** A `ledger.entry.posted` payload as budget-audit documents it (signed integer cents as strings). */
export function postedPayload(cents: number, fiscalYear = 2027): Record<string, unknown> {
  return {
    entryId: `00000000-0000-4000-8000-${String(cents).padStart(12, '0')}`,
    fiscalYear,
    kind: 'standard',
    postings: [
      { account: '6100', lineCode: 'ORG2-1', amountCents: String(cents) },
      { account: '4000', lineCode: null, amountCents: String(-cents) },
    ],
  };
}

export function entryEvent(e: AuditEntryAppendedEvent): EncodedEvent {
  return encodeEvent({ type: AuditEntryAppendedEvent.type, source: '/budget-audit', subject: AUDIT_LOG_KEY, data: e });
}

export function headEvent(h: TreeHeadSignedEvent): EncodedEvent {
  return encodeEvent({ type: TreeHeadSignedEvent.type, source: '/budget-audit', subject: AUDIT_LOG_KEY, data: h });
}

export function sealEntry(e: Omit<AuditEntryAppendedEvent, 'leafHash'>): AuditEntryAppendedEvent {
  const doc = { seq: e.seq, kind: e.kind, aggregateId: e.aggregateId, payload: e.payload, recordedAt: e.recordedAt, prevHash: e.prevHash };
  const bytes = canonicalBytes(doc);
  return { ...doc, leafHash: leafHash(bytes).toString('hex'), canonical: bytes.toString('base64') };
}

export function signHead(
  treeSize: number,
  previousTreeSize: number,
  rootHash: Buffer,
  key: KeyObject,
  timestamp = 1_767_225_600_000 + treeSize,
): TreeHeadSignedEvent {
  return {
    treeSize,
    previousTreeSize,
    rootHash: rootHash.toString('hex'),
    timestamp,
    keyId: keyIdOf(createPublicKey(key)),
    signature: signTreeHead({ treeSize, previousTreeSize, rootHash, timestamp }, key).toString('base64'),
  };
}

/** `count` entries with a signed head after every `every` entries (and none at the end unless it falls on one). */
export function buildStream(count: number, every: number, key: KeyObject, amount = (i: number) => 1000 + i): BuiltStream {
  const frontier = new Frontier();
  const messages: EncodedEvent[] = [];
  const entries: AuditEntryAppendedEvent[] = [];
  const heads: TreeHeadSignedEvent[] = [];
  let prev = '0'.repeat(64);
  let lastHead = 0;
  for (let i = 0; i < count; i++) {
    const seq = i + 1;
    const e = sealEntry({
      seq,
      kind: 'ledger.entry.posted',
      aggregateId: `entry-${seq}`,
      payload: postedPayload(amount(i)),
      recordedAt: new Date(1_767_225_600_000 + seq).toISOString(),
      prevHash: prev,
    });
    frontier.append(Buffer.from(e.leafHash, 'hex'));
    prev = e.leafHash;
    entries.push(e);
    messages.push(entryEvent(e));
    if (seq % every === 0) {
      const h = signHead(seq, lastHead, frontier.root(), key);
      lastHead = seq;
      heads.push(h);
      messages.push(headEvent(h));
    }
  }
  return { messages, entries, heads };
}
