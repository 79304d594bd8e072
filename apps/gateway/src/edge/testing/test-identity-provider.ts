/* An OIDC identity provider for the specs: a JWKS endpoint on loopback, with keys that can be added (rotation) and a
 * count of how often it was fetched; tokens signed with its keys as a real provider would sign them. */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import type { WcoRole } from '@wco/auth';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface SigningKey {
  kid: string;
  privateKey: PrivateKey;
  publicJwk: JWK;
}

export interface TokenClaims {
  subject: string;
  member: string;
  roles: WcoRole[];
  issuer?: string;
  audience?: string;
  /** Seconds relative to now. */
  issuedAt?: number;
  expiresIn?: number;
}

export const TEST_ISSUER = 'https://idp.test.wcoomd.org/realms/wco';
export const TEST_AUDIENCE = 'wco-platform';

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export class TestIdentityProvider {
  /** How many times the JWKS was fetched. */
  fetches = 0;
  private constructor(
    private readonly server: Server,
    readonly jwksUrl: string,
    private readonly published: SigningKey[],
  ) {}

  static async start(first: SigningKey): Promise<TestIdentityProvider> {
    const holder: { idp?: TestIdentityProvider } = {};
    const server = createServer((req, res) => {
      const idp = holder.idp;
      if (!idp || req.url !== '/jwks.json') return void res.writeHead(404).end();
      idp.fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: idp.published.map((k) => k.publicJwk) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.idp = new TestIdentityProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, [first]);
    return holder.idp;
  }

  get key(): SigningKey {
    return this.published[0];
  }

  /** Key rotation: the provider starts publishing another key. */
  publish(key: SigningKey): void {
    this.published.push(key);
  }

  sign(claims: TokenClaims, key: SigningKey = this.key): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const iat = now + (claims.issuedAt ?? 0);
    return new SignJWT({ wco_member: claims.member, wco_roles: claims.roles })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuer(claims.issuer ?? TEST_ISSUER)
      .setAudience(claims.audience ?? TEST_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (claims.expiresIn ?? 900))
      .sign(key.privateKey);
  }

  /** The environment a service or the gateway needs to trust this provider. */
  env(): Record<string, string> {
    return { AUTH_DEV_ISSUER: 'false', AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE, AUTH_JWKS_URL: this.jwksUrl };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
