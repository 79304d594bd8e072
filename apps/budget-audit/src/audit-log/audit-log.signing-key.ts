import { keyIdOf, parsePrivateKey, parsePublicKey } from '@wco/merkle';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditLogConfig } from './audit-log.config';

/** Where a development key lives when no key file is configured (never committed: .local/ is ignored). */
export const DEV_KEY_PATH = join(process.cwd(), '.local', 'budget-audit', 'audit-signing-key.DEVELOPMENT-ONLY.pem');

/** A key that signed earlier heads and signs no more (key rotation), with the period it was valid for. */
export interface RetiredKey {
  publicKey: KeyObject;
  keyId: string;
  /** ms since the epoch; undefined: since always. */
  validFrom?: number;
  /** ms since the epoch, exclusive. */
  validUntil: number;
}

export class AuditSigningKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(
    readonly privateKey: KeyObject,
    /** True for the generated development key: the published key says so. */
    readonly development: boolean,
    /** Since when this key signs (ms); undefined: since always. */
    readonly validFrom?: number,
    /** The keys it replaced, published with their periods so their heads stay verifiable. */
    readonly retired: readonly RetiredKey[] = [],
  ) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
    if (retired.some((k) => k.keyId === this.keyId)) throw new Error('the current audit signing key is also listed as retired');
    if (new Set(retired.map((k) => k.keyId)).size !== retired.length) throw new Error('a retired audit key is listed twice');
    const lastRetirement = Math.max(...retired.map((k) => k.validUntil));
    if (retired.length > 0 && (validFrom === undefined || validFrom < lastRetirement)) {
      throw new Error(
        'AUDIT_SIGNING_KEY_VALID_FROM must be set, and not before the last retired key’s validUntil: two keys must never be valid at once',
      );
    }
    if (validFrom !== undefined && validFrom > Date.now()) {
      throw new Error('AUDIT_SIGNING_KEY_VALID_FROM is in the future: the heads signed until then would not verify');
    }
  }

  /**
   * The configured key (and, for rotation, its period and the retired keys); a missing or unreadable file, a
   * malformed list of retired keys or inconsistent periods fail the start (fail closed), as does no key in production.
   */
  static load(config: Readonly<AuditLogConfig>): AuditSigningKey {
    const validFrom = config.AUDIT_SIGNING_KEY_VALID_FROM ? Date.parse(config.AUDIT_SIGNING_KEY_VALID_FROM) : undefined;
    const retired = config.AUDIT_RETIRED_KEYS_FILE ? parseRetiredKeys(readFileSync(config.AUDIT_RETIRED_KEYS_FILE, 'utf8')) : [];
    if (config.AUDIT_SIGNING_KEY_FILE) {
      return new AuditSigningKey(parsePrivateKey(readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8')), false, validFrom, retired);
    }
    if (config.NODE_ENV === 'production') {
      throw new Error('AUDIT_SIGNING_KEY_FILE is required in production: the audit log cannot sign its tree heads');
    }
    if (!existsSync(DEV_KEY_PATH)) {
      mkdirSync(dirname(DEV_KEY_PATH), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      // Written aside and linked into place: two processes starting at once never read a half-written key, and the
      // second keeps the first one's key.
      const aside = `${DEV_KEY_PATH}.${process.pid}.${Date.now()}`;
      writeFileSync(aside, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      try {
        linkSync(aside, DEV_KEY_PATH);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      } finally {
        unlinkSync(aside);
      }
    }
    return new AuditSigningKey(parsePrivateKey(readFileSync(DEV_KEY_PATH, 'utf8')), true, validFrom, retired);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** AUDIT_RETIRED_KEYS_FILE: `[{publicKeyPem, validFrom (ISO or null), validUntil (ISO)}]`. */
export function parseRetiredKeys(text: string): RetiredKey[] {
  const list = JSON.parse(text) as unknown;
  if (!Array.isArray(list)) throw new Error('AUDIT_RETIRED_KEYS_FILE must hold a JSON array of keys');
  return list.map((item: Record<string, unknown>, i) => {
    const at = (name: string, required: boolean): number | undefined => {
      const v = item?.[name];
      if ((v === undefined || v === null) && !required) return undefined;
      const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
      if (!Number.isFinite(ms)) throw new Error(`AUDIT_RETIRED_KEYS_FILE[${i}].${name} must be an ISO 8601 instant`);
      return ms;
    };
    if (typeof item?.['publicKeyPem'] !== 'string') throw new Error(`AUDIT_RETIRED_KEYS_FILE[${i}].publicKeyPem is missing`);
    const publicKey = parsePublicKey(item['publicKeyPem']);
    const validFrom = at('validFrom', false);
    const validUntil = at('validUntil', true) as number;
    if (validFrom !== undefined && validUntil <= validFrom) throw new Error(`AUDIT_RETIRED_KEYS_FILE[${i}] ends before it starts`);
    return { publicKey, keyId: keyIdOf(publicKey), validFrom, validUntil };
  });
}
