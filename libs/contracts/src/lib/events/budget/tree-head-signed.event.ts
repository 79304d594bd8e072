import { IsInt, Matches, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { SHA256_HEX_PATTERN } from './audit-entry-appended.event';

/**
 * A signed tree head of the audit log: the log's first `treeSize` entries hash to `rootHash`. The signature is
 * Ed25519 over the RFC 9162 §4.9 TreeHeadDataV2 bytes (timestamp, tree_size, root hash, and an extension with the
 * previous head's tree size: see @wco/merkle treeHeadSignedBytes), verifiable with the key published at GET /.well-known/audit-log-key. Sent on the log's
 * topic and key right after entry treeSize.
 */
export class TreeHeadSignedEvent {
  static readonly type = 'org.wcoomd.budget.treehead.signed.v1';
  static readonly topic = Topics.BudgetLedger;

  @IsInt()
  @Min(0)
  treeSize: number;

  @Matches(SHA256_HEX_PATTERN, { message: 'rootHash must be 64 lower-case hex digits' })
  rootHash: string;

  /** Tree size of the previous signed head, 0 for the first one (signed: a dropped head is seen at the next). */
  @IsInt()
  @Min(0)
  previousTreeSize: number;

  /** Milliseconds since the Unix epoch, as signed. */
  @IsInt()
  @Min(0)
  timestamp: number;

  /** SHA-256 of the signing key's DER SubjectPublicKeyInfo. */
  @Matches(SHA256_HEX_PATTERN, { message: 'keyId must be 64 lower-case hex digits' })
  keyId: string;

  /** Ed25519 signature, base64 (64 bytes). */
  @Matches(/^[A-Za-z0-9+/]{86}==$/, { message: 'signature must be a base64 Ed25519 signature (64 bytes)' })
  signature: string;
}
