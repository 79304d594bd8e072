import {
  AUDIT_LOG_KEY,
  AuditEntryAppendedEvent,
  ContractViolationError,
  decodeEvent,
  MalformedEventError,
  TreeHeadSignedEvent,
  validateEventPayload,
} from '@wco/contracts';
import type { RawKafkaMessage } from '@wco/contracts';
import { Frontier, hashLeafInput, leafHashOfText, leafInputOfBase64, verifyTreeHead } from '@wco/merkle';
import type { KeyObject } from 'node:crypto';
import { describePeriod, validAt, verifierKey, type VerifierKey } from './keys';
import { certainlyValid } from './audit-schema';
import { entryCanonicalText } from './entry-bytes';
import { isCanonicalTextOf } from './canonical-match';
import { FastEnvelopeDecoder } from './fast-envelope';
import { BudgetsVsActual, BudgetVsActualError } from './budget-vs-actual';
import { TrialBalanceError, TrialBalances } from './trial-balance';

/** What the verifier remembers between runs: the last tree head it verified. */
export interface SavedHead {
  treeSize: number;
  previousTreeSize: number;
  rootHash: string;
  timestamp: number;
  keyId: string;
  signature: string;
}

export type BreakCode =
  | 'malformed_event'
  | 'schema_violation'
  | 'wrong_key'
  | 'duplicate_sequence'
  | 'sequence_gap'
  | 'hash_chain_broken'
  | 'entry_altered'
  | 'bad_signature'
  | 'foreign_key'
  | 'key_not_valid'
  | 'tree_head_out_of_order'
  | 'tree_head_missing'
  | 'root_mismatch'
  | 'history_rewritten'
  | 'history_truncated'
  | 'ledger_inconsistent'
  | 'budget_inconsistent'
  | 'api_mismatch';

/** The first thing in the stream that does not hold: a sentence for a person, a code for a machine. */
export class VerificationBreak extends Error {
  override readonly name = 'VerificationBreak';
  constructor(
    readonly code: BreakCode,
    message: string,
    readonly at: { partition?: number; offset?: string; seq?: number; treeSize?: number } = {},
  ) {
    super(message);
  }
}

export interface StreamPosition {
  partition: number;
  offset: string;
}

export interface VerificationSummary {
  entries: number;
  treeHeads: number;
  otherEvents: number;
  /** The last tree head verified (what the next run checks consistency against). */
  lastHead?: SavedHead;
  /** Entries after the last signed head: their content is chained but not yet covered by a signature. */
  unsignedEntries: number;
}

const ZERO_HEX = '0'.repeat(64);
const short = (h: string): string => `${h.slice(0, 16)}…`;

/**
 * Checks the audit stream one message at a time in O(log n) memory: sequence, hash chain, schema, Merkle root at every
 * signed head, signatures, and agreement with the head saved by an earlier run. Throws a VerificationBreak at the
 * first message that does not hold.
 */
export class StreamVerifier {
  private readonly frontier = new Frontier();
  private readonly envelopes = new FastEnvelopeDecoder();
  private readonly keys: Map<string, VerifierKey>;
  private prevLeaf = ZERO_HEX;
  private lastHead?: SavedHead;
  private treeHeads = 0;
  private otherEvents = 0;
  /** Recomputed from the verified entries (per fiscal year and account). */
  readonly trialBalances = new TrialBalances();
  /** Budget vs actual recomputed from the verified entries (per fiscal year and budget line). */
  readonly budgets = new BudgetsVsActual();

  /** `keys`: the published key, or every key the log published with its validity period (key rotation). */
  constructor(
    keys: KeyObject | readonly VerifierKey[],
    private readonly saved?: SavedHead,
  ) {
    const list = Array.isArray(keys) ? (keys as readonly VerifierKey[]) : [verifierKey(keys as KeyObject)];
    this.keys = new Map(list.map((k) => [k.keyId, k]));
  }

  get entries(): number {
    return this.frontier.size;
  }

  accept(message: RawKafkaMessage, position: StreamPosition): void {
    const at = { partition: position.partition, offset: position.offset };
    let type: string;
    let data: unknown;
    let key: string | null;
    try {
      const event = this.envelopes.decode(message) ?? decodeEvent(message);
      type = event.type;
      data = event.data;
      key = event.key;
    } catch (e) {
      if (e instanceof MalformedEventError) {
        throw new VerificationBreak(
          'malformed_event',
          `The message at partition ${position.partition} offset ${position.offset} is not a valid event: ${e.message}.`,
          at,
        );
      }
      throw e;
    }
    try {
      if (!certainlyValid(type, data)) validateEventPayload(type, data);
    } catch (e) {
      if (e instanceof ContractViolationError) {
        const seq = (data as { seq?: unknown }).seq;
        const where =
          typeof seq === 'number' ? `Entry ${seq}` : `The ${type} event at partition ${position.partition} offset ${position.offset}`;
        throw new VerificationBreak('schema_violation', `${where} does not match its contract: ${e.message}.`, at);
      }
      throw e;
    }
    if (type === AuditEntryAppendedEvent.type || type === TreeHeadSignedEvent.type) {
      if (key !== AUDIT_LOG_KEY) {
        throw new VerificationBreak(
          'wrong_key',
          `An audit-log event at partition ${position.partition} offset ${position.offset} has Kafka key "${key}" instead of "${AUDIT_LOG_KEY}".`,
          at,
        );
      }
    }
    if (type === AuditEntryAppendedEvent.type) this.entry(data as AuditEntryAppendedEvent, at);
    else if (type === TreeHeadSignedEvent.type) this.head(data as TreeHeadSignedEvent, at);
    else this.otherEvents += 1;
  }

  /** Call at the end of the stream: a stream shorter than the head saved last time lost entries. */
  finish(): VerificationSummary {
    if (this.saved && this.frontier.size < this.saved.treeSize) {
      throw new VerificationBreak(
        'history_truncated',
        `The stream now holds ${this.frontier.size} entries, but the tree head you saved in an earlier run (${new Date(this.saved.timestamp).toISOString()}) covered ${this.saved.treeSize}: entries ${this.frontier.size + 1} to ${this.saved.treeSize} have disappeared.`,
        { seq: this.frontier.size + 1 },
      );
    }
    return {
      entries: this.frontier.size,
      treeHeads: this.treeHeads,
      otherEvents: this.otherEvents,
      lastHead: this.lastHead,
      unsignedEntries: this.frontier.size - (this.lastHead?.treeSize ?? 0),
    };
  }

  private entry(e: AuditEntryAppendedEvent, pos: { partition: number; offset: string }): void {
    // Entries are numbered from 1: entry seq is leaf seq - 1 of the tree, and a tree of size n holds entries 1..n.
    const expected = this.frontier.size + 1;
    const at = { ...pos, seq: e.seq };
    if (e.seq < expected) {
      throw new VerificationBreak(
        'duplicate_sequence',
        `Sequence number ${e.seq} appears twice: it was already received, and the next expected number was ${expected}.`,
        at,
      );
    }
    if (e.seq > expected) {
      throw new VerificationBreak(
        'sequence_gap',
        `Sequence number ${expected} is missing: expected entry ${expected}, found entry ${e.seq}${e.seq - expected > 1 ? ` (entries ${expected} to ${e.seq - 1} are missing)` : ''}.`,
        at,
      );
    }
    if (e.prevHash !== this.prevLeaf) {
      throw new VerificationBreak(
        'hash_chain_broken',
        `Entry ${e.seq} breaks the hash chain: its previous hash should be ${short(this.prevLeaf)} (${e.seq === 1 ? 'zeros for the first entry' : `the leaf hash of entry ${e.seq - 1}`}), but it is ${short(e.prevHash)}.`,
        at,
      );
    }
    const leaf = this.leafOf(e, at);
    const leafHex = leaf.toString('hex');
    if (leafHex !== e.leafHash) {
      throw new VerificationBreak(
        'entry_altered',
        `Entry ${e.seq} (${e.kind} ${e.aggregateId}) was altered: its content hashes to ${short(leafHex)}, but it carries the leaf hash ${short(e.leafHash)}.`,
        at,
      );
    }
    try {
      this.trialBalances.add(e.seq, e.kind, e.payload);
      this.budgets.add(e.seq, e.kind, e.payload);
    } catch (err) {
      if (err instanceof TrialBalanceError) throw new VerificationBreak('ledger_inconsistent', err.message, at);
      if (err instanceof BudgetVsActualError) throw new VerificationBreak('budget_inconsistent', err.message, at);
      throw err;
    }
    this.frontier.append(leaf);
    this.prevLeaf = leafHex;
    if (this.saved && this.frontier.size === this.saved.treeSize) {
      const root = this.frontier.root().toString('hex');
      if (root !== this.saved.rootHash) {
        throw new VerificationBreak(
          'history_rewritten',
          `History was rewritten: the first ${this.saved.treeSize} entries now hash to root ${short(root)}, but the tree head you saved in an earlier run (${new Date(this.saved.timestamp).toISOString()}) signed root ${short(this.saved.rootHash)} for the same entries.`,
          { ...at, treeSize: this.saved.treeSize },
        );
      }
    }
  }

  /**
   * The leaf hash of an entry. With `canonical` (the bytes the log hashed), those bytes are hashed as they are once
   * `isCanonicalTextOf` has certified, in one pass, that they are the RFC 8785 text of the entry's fields; when it is
   * not certain, `canonicalize` decides, and bytes that are not the canonical text of the fields are a break (an entry
   * has one encoding only). Without `canonical` (older entries) the fields are canonicalised and hashed.
   */
  private leafOf(e: AuditEntryAppendedEvent, at: { partition: number; offset: string; seq: number }): Buffer {
    if (e.canonical === undefined) return leafHashOfText(this.canonicalTextOf(e, at));
    const input = leafInputOfBase64(e.canonical);
    if (!isCanonicalTextOf(input, 1, input.length, e)) {
      const text = Buffer.from(this.canonicalTextOf(e, at), 'utf8');
      if (!input.subarray(1).equals(text)) {
        const carried = input.subarray(1);
        let at0 = 0;
        while (at0 < text.length && at0 < carried.length && text[at0] === carried[at0]) at0 += 1;
        const around = (bytes: Buffer): string => JSON.stringify(bytes.subarray(Math.max(0, at0 - 12), at0 + 28).toString('utf8'));
        throw new VerificationBreak(
          'entry_altered',
          `Entry ${e.seq} (${e.kind} ${e.aggregateId}) was altered or encoded twice: the bytes its leaf hashes are not the RFC 8785 text of its fields; they first differ at byte ${at0}, where the fields give ${around(text)} and the bytes hold ${around(carried)}.`,
          at,
        );
      }
    }
    return hashLeafInput(input);
  }

  private canonicalTextOf(e: AuditEntryAppendedEvent, at: { partition: number; offset: string; seq: number }): string {
    try {
      return entryCanonicalText(e);
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      throw new VerificationBreak(
        'schema_violation',
        `Entry ${e.seq} (${e.kind} ${e.aggregateId}) cannot be hashed portably: ${err.message} (money is integer cents).`,
        at,
      );
    }
  }

  private head(h: TreeHeadSignedEvent, pos: { partition: number; offset: string }): void {
    const at = { ...pos, treeSize: h.treeSize };
    const key = this.keys.get(h.keyId);
    if (!key) {
      const ids = [...this.keys.keys()];
      throw new VerificationBreak(
        'foreign_key',
        ids.length === 1
          ? `The tree head at size ${h.treeSize} is signed by key ${short(h.keyId)}, not by the published key ${short(ids[0])}.`
          : `The tree head at size ${h.treeSize} is signed by key ${short(h.keyId)}, which is none of the ${ids.length} published keys (${ids.map(short).join(', ')}).`,
        at,
      );
    }
    if (!validAt(key, h.timestamp)) {
      throw new VerificationBreak(
        'key_not_valid',
        `The tree head at size ${h.treeSize} is dated ${new Date(h.timestamp).toISOString()} and signed by key ${short(h.keyId)}, which was valid only ${describePeriod(key)}: a key may not sign outside its period (a retired key signing later is how a stolen key would show).`,
        at,
      );
    }
    const rootHash = Buffer.from(h.rootHash, 'hex');
    if (
      !verifyTreeHead(
        { treeSize: h.treeSize, previousTreeSize: h.previousTreeSize, rootHash, timestamp: h.timestamp },
        Buffer.from(h.signature, 'base64'),
        key.publicKey,
      )
    ) {
      throw new VerificationBreak(
        'bad_signature',
        `The tree head at size ${h.treeSize} has a signature that does not verify with the published key ${short(h.keyId)}: it was forged or altered.`,
        at,
      );
    }
    const previous = this.lastHead?.treeSize ?? 0;
    if (h.previousTreeSize !== previous) {
      throw new VerificationBreak(
        h.previousTreeSize > previous ? 'tree_head_missing' : 'tree_head_out_of_order',
        h.previousTreeSize > previous
          ? `A signed tree head is missing: the head at size ${h.treeSize} follows a head at size ${h.previousTreeSize}, but the last head received was ${previous === 0 ? 'none' : `at size ${previous}`}.`
          : `The tree head at size ${h.treeSize} says it follows a head at size ${h.previousTreeSize}, but the last head received was at size ${previous}.`,
        at,
      );
    }
    if (h.treeSize !== this.frontier.size) {
      throw new VerificationBreak(
        h.treeSize > this.frontier.size ? 'sequence_gap' : 'tree_head_out_of_order',
        h.treeSize > this.frontier.size
          ? `The tree head at size ${h.treeSize} arrived after only ${this.frontier.size} entries: entries ${this.frontier.size + 1} to ${h.treeSize} are missing before it.`
          : `The tree head at size ${h.treeSize} arrived after ${this.frontier.size} entries: it should come right after entry ${h.treeSize}.`,
        at,
      );
    }
    const root = this.frontier.root().toString('hex');
    if (root !== h.rootHash) {
      throw new VerificationBreak(
        'root_mismatch',
        `The tree head at size ${h.treeSize} signs root ${short(h.rootHash)}, but entries 1 to ${h.treeSize} as received hash to ${short(root)}: the entries differ from what was signed.`,
        at,
      );
    }
    this.treeHeads += 1;
    this.lastHead = {
      treeSize: h.treeSize,
      previousTreeSize: h.previousTreeSize,
      rootHash: h.rootHash,
      timestamp: h.timestamp,
      keyId: h.keyId,
      signature: h.signature,
    };
  }
}
