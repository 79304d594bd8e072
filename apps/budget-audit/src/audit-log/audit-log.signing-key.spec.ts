import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLogConfig } from './audit-log.config';
import { AuditSigningKey, DEV_KEY_PATH } from './audit-log.signing-key';

const config = (over: Partial<AuditLogConfig>): AuditLogConfig => Object.assign(new AuditLogConfig(), over);

describe('AuditSigningKey', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'audit-key-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start in production without a key file (fail closed)', () => {
    expect(() => AuditSigningKey.load(config({ NODE_ENV: 'production' }))).toThrow('AUDIT_SIGNING_KEY_FILE is required in production');
  });

  it('loads an Ed25519 key from a PEM or JWK file, and refuses another key type', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = join(dir, 'k.pem');
    const jwk = join(dir, 'k.jwk');
    writeFileSync(pem, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(jwk, JSON.stringify(privateKey.export({ format: 'jwk' })));
    const a = AuditSigningKey.load(config({ NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: pem }));
    const b = AuditSigningKey.load(config({ NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: jwk }));
    expect(a.keyId).toBe(b.keyId);
    expect(a.development).toBe(false);
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => AuditSigningKey.load(config({ AUDIT_SIGNING_KEY_FILE: rsa }))).toThrow('expected an Ed25519 private key');
    expect(() => AuditSigningKey.load(config({ AUDIT_SIGNING_KEY_FILE: join(dir, 'missing.pem') }))).toThrow();
  });

  it('outside production without a key file uses a development key under .local/, marked as such, kept across starts', () => {
    const first = AuditSigningKey.load(config({ NODE_ENV: 'development' }));
    expect(first.development).toBe(true);
    expect(DEV_KEY_PATH).toContain(join('.local', 'budget-audit'));
    expect(existsSync(DEV_KEY_PATH)).toBe(true);
    expect(readFileSync(DEV_KEY_PATH, 'utf8')).toContain('PRIVATE KEY');
    expect(AuditSigningKey.load(config({ NODE_ENV: 'test' })).keyId).toBe(first.keyId);
  });
});
