import { IntFromEnv } from '@wco/config';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';

/** The audit log's own variables (read from the environment by AuditLogModule). */
export class AuditLogConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /**
   * Ed25519 private key (PKCS#8 PEM or JWK) that signs the tree heads. Required in production; elsewhere a
   * development key is generated at first start under .local/ when it is not set.
   */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string;

  /**
   * Since when the current key signs (ISO 8601 instant), published with it; unset: since always. Set it when rotating,
   * to the moment the previous key was retired (its `validUntil` in AUDIT_RETIRED_KEYS_FILE).
   */
  @IsOptional()
  @IsISO8601({ strict: true })
  AUDIT_SIGNING_KEY_VALID_FROM?: string;

  /**
   * Key rotation: a JSON file listing the public keys that signed earlier heads, with their periods:
   * `[{"publicKeyPem": "-----BEGIN PUBLIC KEY-----…", "validFrom": "2026-01-01T00:00:00Z" | null, "validUntil": "…"}]`.
   * Published at the well-known route, so heads signed before the rotation stay verifiable.
   */
  @IsOptional()
  @IsString()
  AUDIT_RETIRED_KEYS_FILE?: string;

  /** A tree head is signed in the append that brings this many entries since the last head. */
  @IntFromEnv()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  AUDIT_TREE_HEAD_EVERY = 1000;

  /** And every so many milliseconds when entries arrived since the last head; 0 turns the timer off. */
  @IntFromEnv()
  @IsInt()
  @Min(0)
  AUDIT_TREE_HEAD_INTERVAL_MS = 60_000;

  /**
   * How often the sequencer looks for queued records it was not told about (written by another pod, or by an event
   * consumer); a request's own records are integrated before it answers. 0 turns the poll off.
   */
  @IntFromEnv()
  @IsInt()
  @Min(0)
  AUDIT_SEQUENCER_POLL_MS = 100;
}
