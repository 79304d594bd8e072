import { IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
/** Padded base64, as Buffer#toString('base64') writes it. */
export const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Kafka key (and ce_subject) of every audit-log event: one key keeps the whole log on one partition, in order. */
export const AUDIT_LOG_KEY = 'audit-log';

/**
 * One entry of budget-audit's verifiable audit log. The leaf of the RFC 6962 tree is
 * SHA-256(0x00 ‖ JCS({seq, kind, aggregateId, payload, recordedAt, prevHash})) (RFC 8785 canonical JSON of those six
 * fields); `leafHash` is that hash and the next entry's `prevHash`. Completeness rests on `seq` (1, 2, 3, ... with no
 * gap), never on Kafka offsets.
 */
export class AuditEntryAppendedEvent {
  static readonly type = 'org.wcoomd.budget.auditlog.appended.v1';
  static readonly topic = Topics.BudgetLedger;

  /** The first entry is 1; entry seq is leaf seq - 1 of the tree, and a tree of size n holds entries 1..n. */
  @IsInt()
  @Min(1)
  seq: number;

  /** What happened, e.g. ledger.entry.posted, commitment.reserved, budget.version.accepted, fiscal_year.closed. */
  @Matches(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, { message: 'kind must be dotted lower-case words such as ledger.entry.posted' })
  @MaxLength(100)
  kind: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  aggregateId: string;

  /** The recorded facts as the service wrote them (integers only: money is integer cents). */
  @IsObject()
  payload: Record<string, unknown>;

  @IsISO8601({ strict: true })
  recordedAt: string;

  /** Leaf hash of entry seq - 1; 64 zeros for entry 1. */
  @Matches(SHA256_HEX_PATTERN, { message: 'prevHash must be 64 lower-case hex digits' })
  prevHash: string;

  @Matches(SHA256_HEX_PATTERN, { message: 'leafHash must be 64 lower-case hex digits' })
  leafHash: string;

  /**
   * Base64 of the exact bytes the leaf hashes: the RFC 8785 text of the six fields above, as the log computed it.
   * A verifier may hash these bytes directly once it has checked that they are the canonical text of those fields
   * (so an entry never has two encodings). Optional: entries published before this field carry none.
   */
  @IsOptional()
  @Matches(BASE64_PATTERN, { message: 'canonical must be padded base64' })
  canonical?: string;
}
