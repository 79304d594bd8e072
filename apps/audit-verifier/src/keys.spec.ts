import type { EncodedEvent } from '@wco/contracts';
import { keyIdOf } from '@wco/merkle';
import { generateKeyPairSync } from 'node:crypto';
import { parseKeySet, verifierKey, type VerifierKey } from './keys';
import { buildStream, headEvent, signHead } from './testing/stream-builder';
import { StreamVerifier, VerificationBreak } from './verifier';

// Key rotation: heads are dated base + treeSize (stream-builder); the old key was retired, the new one took over, at
// ROTATION, between the heads at sizes 10 and 15.
const BASE = 1_767_225_600_000;
const ROTATION = BASE + 12;
const old = generateKeyPairSync('ed25519');
const current = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const keys: VerifierKey[] = [verifierKey(old.publicKey, undefined, ROTATION), verifierKey(current.publicKey, ROTATION)];

const good = buildStream(23, 5, old.privateKey);
/** The stream with each head re-signed by `signer(treeSize)` at `timestamp(treeSize)`. */
function resigned(signer: (size: number) => typeof old, timestamp = (size: number) => BASE + size): EncodedEvent[] {
  return good.messages.map((m) => {
    const h = JSON.parse(m.value) as { treeSize?: number; previousTreeSize: number; rootHash: string };
    if (h.treeSize === undefined) return m;
    return headEvent(
      signHead(h.treeSize, h.previousTreeSize, Buffer.from(h.rootHash, 'hex'), signer(h.treeSize).privateKey, timestamp(h.treeSize)),
    );
  });
}
const rotated = (size: number) => (BASE + size < ROTATION ? old : current);

function verify(messages: EncodedEvent[], with_: VerifierKey[] = keys): ReturnType<StreamVerifier['finish']> {
  const v = new StreamVerifier(with_);
  messages.forEach((m, i) => v.accept(m, { partition: 0, offset: String(i) }));
  return v.finish();
}

function breakOf(messages: EncodedEvent[], with_: VerifierKey[] = keys): VerificationBreak {
  try {
    verify(messages, with_);
  } catch (e) {
    if (e instanceof VerificationBreak) return e;
    throw e;
  }
  throw new Error('the verifier accepted the stream');
}

describe('key rotation: several published keys, each valid for a period', () => {
  it('accepts heads signed by the key valid at each head’s timestamp, across the rotation', () => {
    const summary = verify(resigned(rotated));
    expect(summary).toMatchObject({ entries: 23, treeHeads: 4 });
    expect(summary.lastHead?.keyId).toBe(keyIdOf(current.publicKey));
  });

  it('refuses a head signed by the retired key after its retirement, and names key and period', () => {
    const b = breakOf(resigned((size) => (size === 15 ? old : rotated(size))));
    expect(b.code).toBe('key_not_valid');
    expect(b.at.treeSize).toBe(15);
    expect(b.message).toBe(
      `The tree head at size 15 is dated ${new Date(BASE + 15).toISOString()} and signed by key ${keyIdOf(old.publicKey).slice(0, 16)}…, ` +
        `which was valid only until ${new Date(ROTATION).toISOString()}: a key may not sign outside its period (a retired key signing later is how a stolen key would show).`,
    );
  });

  it('refuses a head signed by the new key but dated before it was valid (backdated)', () => {
    const b = breakOf(resigned(() => current));
    expect([b.code, b.at.treeSize]).toEqual(['key_not_valid', 5]);
  });

  it('refuses a head signed by a key that is not published at all, naming the published ones', () => {
    const b = breakOf(resigned((size) => (size === 20 ? stranger : rotated(size))));
    expect(b.code).toBe('foreign_key');
    expect(b.message).toMatch(
      /^The tree head at size 20 is signed by key [0-9a-f]{16}…, which is none of the 2 published keys \([0-9a-f]{16}…, [0-9a-f]{16}…\)\.$/,
    );
  });

  it('a single key given without a period is valid at any time (the earlier key files still work)', () => {
    expect(verify(good.messages, [verifierKey(old.publicKey)]).treeHeads).toBe(4);
    expect(breakOf(resigned(rotated), [verifierKey(old.publicKey)]).code).toBe('foreign_key');
  });
});

describe('parseKeySet', () => {
  const pem = (k: typeof old): string => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('reads the well-known document with current and retired keys and their periods', () => {
    const doc = {
      keyId: keyIdOf(current.publicKey),
      publicKeyPem: pem(current),
      keys: [
        {
          keyId: keyIdOf(current.publicKey),
          publicKeyPem: pem(current),
          validFrom: new Date(ROTATION).toISOString(),
          validUntil: null,
          status: 'current',
        },
        {
          keyId: keyIdOf(old.publicKey),
          publicKeyPem: pem(old),
          validFrom: null,
          validUntil: new Date(ROTATION).toISOString(),
          status: 'retired',
        },
      ],
    };
    const set = parseKeySet(JSON.stringify(doc));
    expect(set.map((k) => [k.keyId, k.validFrom, k.validUntil])).toEqual([
      [keyIdOf(current.publicKey), ROTATION, undefined],
      [keyIdOf(old.publicKey), undefined, ROTATION],
    ]);
    expect(verify(resigned(rotated), set).treeHeads).toBe(4);
  });

  it('reads a PEM, a JWK and the older one-key document as one key valid at any time', () => {
    for (const text of [pem(old), JSON.stringify(old.publicKey.export({ format: 'jwk' })), JSON.stringify({ publicKeyPem: pem(old) })]) {
      expect(parseKeySet(text)).toEqual([
        { keyId: keyIdOf(old.publicKey), publicKey: expect.anything(), validFrom: undefined, validUntil: undefined },
      ]);
    }
  });

  it('refuses a key whose stated id is not its hash, a key listed twice, an inverted period and a bad date', () => {
    const entry = { publicKeyPem: pem(old) };
    expect(() => parseKeySet(JSON.stringify({ keys: [{ ...entry, keyId: keyIdOf(current.publicKey) }] }))).toThrow(
      'is not the SHA-256 of its key',
    );
    expect(() => parseKeySet(JSON.stringify({ keys: [entry, entry] }))).toThrow('lists a key twice');
    expect(() =>
      parseKeySet(JSON.stringify({ keys: [{ ...entry, validFrom: '2027-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' }] })),
    ).toThrow('valid until before it is valid from');
    expect(() => parseKeySet(JSON.stringify({ keys: [{ ...entry, validUntil: 'soon' }] }))).toThrow('keys[0].validUntil is not a date');
  });
});
