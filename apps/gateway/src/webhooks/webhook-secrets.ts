import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes (the spec asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(24).toString('base64')}`;
}

// The key used when GATEWAY_WEBHOOK_SECRET_KEY is unset (refused in production by the config): secrets are then
// encrypted with a key anyone with the source knows, good enough for a laptop only.
const DEVELOPMENT_KEY = createHash('sha256').update('wco-gateway development webhook secret key').digest();

/**
 * Webhook secrets at rest: AES-256-GCM, `v1.<iv>.<tag>.<ciphertext>` in base64url. The secret is shown to the
 * Member once (creation, rotation) and never returned again; only the delivery worker decrypts it to sign.
 */
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(keyBase64?: string) {
    this.key = keyBase64 ? Buffer.from(keyBase64, 'base64') : DEVELOPMENT_KEY;
    if (this.key.length !== 32) throw new Error('the webhook secret key must be 32 bytes');
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
