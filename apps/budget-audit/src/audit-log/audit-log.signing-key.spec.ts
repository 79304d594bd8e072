import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLogConfig } from './audit-log.config';
import type { DataSource } from 'typeorm';
import { AuditLogService } from './audit-log.service';
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

  it('rotation: publishes the current key and the retired ones with their periods, and refuses inconsistent periods', () => {
    const [k1, k2, k3] = [0, 1, 2].map(() => generateKeyPairSync('ed25519'));
    const pem = (k: typeof k1): string => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const current = join(dir, 'current.pem');
    writeFileSync(current, k3.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const retired = join(dir, 'retired.json');
    const write = (list: unknown): void => writeFileSync(retired, JSON.stringify(list));
    write([
      { publicKeyPem: pem(k1), validFrom: null, validUntil: '2026-03-01T00:00:00.000Z' },
      { publicKeyPem: pem(k2), validFrom: '2026-03-01T00:00:00.000Z', validUntil: '2026-09-01T00:00:00.000Z' },
    ]);
    const rotation = { NODE_ENV: 'production' as const, AUDIT_SIGNING_KEY_FILE: current, AUDIT_RETIRED_KEYS_FILE: retired };
    const key = AuditSigningKey.load(config({ ...rotation, AUDIT_SIGNING_KEY_VALID_FROM: '2026-09-01T00:00:00.000Z' }));
    const published = AuditLogService.standalone({} as DataSource, { key }).publishedKey();
    expect(published.keyId).toBe(key.keyId);
    expect(published.keys.map((k) => [k.status, k.validFrom, k.validUntil, k.publicKeyPem])).toEqual([
      ['current', '2026-09-01T00:00:00.000Z', null, pem(k3)],
      ['retired', '2026-03-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z', pem(k2)],
      ['retired', null, '2026-03-01T00:00:00.000Z', pem(k1)],
    ]);
    // Fail closed: no start with two keys valid at once, a future start, a malformed list, or the current key retired.
    expect(() => AuditSigningKey.load(config(rotation))).toThrow('AUDIT_SIGNING_KEY_VALID_FROM must be set');
    expect(() => AuditSigningKey.load(config({ ...rotation, AUDIT_SIGNING_KEY_VALID_FROM: '2026-08-01T00:00:00.000Z' }))).toThrow(
      'two keys must never be valid at once',
    );
    expect(() => AuditSigningKey.load(config({ ...rotation, AUDIT_SIGNING_KEY_VALID_FROM: '2999-01-01T00:00:00.000Z' }))).toThrow(
      'in the future',
    );
    write([{ publicKeyPem: pem(k1) }]);
    expect(() => AuditSigningKey.load(config({ ...rotation, AUDIT_SIGNING_KEY_VALID_FROM: '2026-09-01T00:00:00.000Z' }))).toThrow(
      'validUntil must be an ISO 8601 instant',
    );
    write([{ publicKeyPem: pem(k3), validUntil: '2026-03-01T00:00:00.000Z' }]);
    expect(() => AuditSigningKey.load(config({ ...rotation, AUDIT_SIGNING_KEY_VALID_FROM: '2026-09-01T00:00:00.000Z' }))).toThrow(
      'also listed as retired',
    );
  });
});
