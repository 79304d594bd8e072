import { keyIdOf, parsePublicKey } from '@wco/merkle';
import type { KeyObject } from 'node:crypto';

/**
 * A key the log may have signed with, and when: a tree head counts only if its key was valid at the head's own
 * timestamp (validFrom ≤ timestamp < validUntil, either bound open when absent). Key rotation: the log publishes its
 * current key and every retired one with their periods (GET /.well-known/audit-log-key, `keys`), so the whole
 * history stays verifiable and a retired key (lost, stolen, or simply replaced) cannot sign a head dated after its
 * retirement.
 */
export interface VerifierKey {
  keyId: string;
  publicKey: KeyObject;
  /** Milliseconds since the epoch; undefined: since always. */
  validFrom?: number;
  /** Milliseconds since the epoch (exclusive); undefined: still current. */
  validUntil?: number;
}

export class KeySetError extends Error {}

export function verifierKey(publicKey: KeyObject, validFrom?: number, validUntil?: number): VerifierKey {
  return { keyId: keyIdOf(publicKey), publicKey, validFrom, validUntil };
}

function instant(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new KeySetError(`${what} is not a date: ${JSON.stringify(value)}`);
  return ms;
}

/**
 * The keys in a key file or in the answer of the well-known route: a PEM or JWK public key (valid at any time), the
 * route's JSON with `keys: [{publicKeyPem, validFrom, validUntil}]`, or its older form with one `publicKeyPem`.
 * A key whose stated keyId is not the hash of its key is refused, as is a key listed twice.
 */
export function parseKeySet(text: string): VerifierKey[] {
  const trimmed = text.trim();
  let body: { keys?: unknown; publicKeyPem?: unknown; kty?: unknown } | undefined;
  if (trimmed.startsWith('{')) body = JSON.parse(trimmed) as typeof body;
  if (!body || body.kty !== undefined) return [verifierKey(parsePublicKey(trimmed))];
  if (!Array.isArray(body.keys)) {
    if (typeof body.publicKeyPem !== 'string') throw new KeySetError('the key document has neither keys nor publicKeyPem');
    return [verifierKey(parsePublicKey(body.publicKeyPem))];
  }
  const keys = (body.keys as Record<string, unknown>[]).map((k, i) => {
    if (typeof k?.publicKeyPem !== 'string') throw new KeySetError(`keys[${i}] has no publicKeyPem`);
    const key = verifierKey(
      parsePublicKey(k.publicKeyPem),
      instant(k['validFrom'], `keys[${i}].validFrom`),
      instant(k['validUntil'], `keys[${i}].validUntil`),
    );
    if (k['keyId'] !== undefined && k['keyId'] !== key.keyId) {
      throw new KeySetError(`keys[${i}].keyId ${String(k['keyId'])} is not the SHA-256 of its key (${key.keyId})`);
    }
    if (key.validFrom !== undefined && key.validUntil !== undefined && key.validUntil <= key.validFrom) {
      throw new KeySetError(`keys[${i}] is valid until before it is valid from`);
    }
    return key;
  });
  if (keys.length === 0) throw new KeySetError('the key document lists no key');
  if (new Set(keys.map((k) => k.keyId)).size !== keys.length) throw new KeySetError('the key document lists a key twice');
  return keys;
}

/** Is `key` valid at `timestamp` (ms)? */
export function validAt(key: VerifierKey, timestamp: number): boolean {
  return (key.validFrom === undefined || timestamp >= key.validFrom) && (key.validUntil === undefined || timestamp < key.validUntil);
}

export function describePeriod(key: VerifierKey): string {
  const iso = (ms: number): string => new Date(ms).toISOString();
  if (key.validFrom !== undefined && key.validUntil !== undefined) return `from ${iso(key.validFrom)} until ${iso(key.validUntil)}`;
  if (key.validUntil !== undefined) return `until ${iso(key.validUntil)}`;
  if (key.validFrom !== undefined) return `from ${iso(key.validFrom)}`;
  return 'at any time';
}
