import { keyIdOf, parsePrivateKey } from '@wco/merkle';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditLogConfig } from './audit-log.config';

/** Where a development key lives when no key file is configured (never committed: .local/ is ignored). */
export const DEV_KEY_PATH = join(process.cwd(), '.local', 'budget-audit', 'audit-signing-key.DEVELOPMENT-ONLY.pem');

export class AuditSigningKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(
    readonly privateKey: KeyObject,
    /** True for the generated development key: the published key says so. */
    readonly development: boolean,
  ) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  /** The configured key; a missing or unreadable file fails the start (fail closed), as does no key in production. */
  static load(config: Readonly<AuditLogConfig>): AuditSigningKey {
    if (config.AUDIT_SIGNING_KEY_FILE) {
      return new AuditSigningKey(parsePrivateKey(readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8')), false);
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
    return new AuditSigningKey(parsePrivateKey(readFileSync(DEV_KEY_PATH, 'utf8')), true);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}
