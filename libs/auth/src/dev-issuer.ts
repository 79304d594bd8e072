import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, JSONWebKeySet, JWK, SignJWT } from 'jose';
import { WcoRole } from './roles';

export const DEV_ISSUER = 'urn:wco:dev-issuer';
export const DEV_AUDIENCE = 'wco-platform';
const KEY_FILE = 'private-key.jwk.json';
type SigningKey = Awaited<ReturnType<typeof importJWK>>;

export interface DevIssuerOptions {
  /** Where the key pair is kept; default `<repo>/.local/dev-issuer` (git-ignored). */
  directory?: string;
  audience?: string;
  /** The service's NODE_ENV; process.env.NODE_ENV is checked as well, so production can never get here. */
  nodeEnv?: string;
}

export interface DevTokenRequest {
  subject: string;
  /** `wco_member`: a Member code such as FR, or `WCO` for Secretariat staff. */
  member: string;
  roles: WcoRole[];
  name?: string;
  /** jose time span, e.g. `15m`, `1h`, or seconds since the epoch. Default `1h`. */
  expiresIn?: string | number;
  /** Default now; a future time makes a not-yet-valid token (tests). */
  notBefore?: string | number;
  audience?: string;
  issuer?: string;
  /** Claims added or overriding the above (tests of refused tokens); `undefined` removes a claim. */
  claims?: Record<string, unknown>;
}

function repositoryRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const README = `# Development token issuer

These files are a DEVELOPMENT signing key generated on this machine by libs/auth (DevIssuer). They sign local test
tokens only, are git-ignored, and are refused when NODE_ENV=production. Delete the folder to get a new key.
`;

/**
 * A local OIDC-like token issuer so the platform runs without an identity provider. Its ES256 key pair is generated
 * on first use and kept under .local/dev-issuer/; services verify its tokens through `jwks()`.
 */
export class DevIssuer {
  private constructor(
    private readonly privateKey: SigningKey,
    private readonly publicJwk: JWK,
    readonly audience: string,
  ) {}

  readonly issuer = DEV_ISSUER;

  static async load(options: DevIssuerOptions = {}): Promise<DevIssuer> {
    if (options.nodeEnv === 'production' || process.env['NODE_ENV'] === 'production') {
      throw new Error('the development token issuer is disabled when NODE_ENV=production; configure AUTH_ISSUER and AUTH_JWKS_URL');
    }
    const directory = resolve(options.directory ?? join(repositoryRoot(), '.local', 'dev-issuer'));
    const jwk = await loadOrCreateKey(directory);
    const { d: _private, ...publicJwk } = jwk;
    const privateKey = await importJWK(jwk, 'ES256');
    return new DevIssuer(privateKey, { ...publicJwk, use: 'sig', alg: 'ES256' }, options.audience ?? DEV_AUDIENCE);
  }

  jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk] };
  }

  async issueToken(request: DevTokenRequest): Promise<string> {
    const jwt = new SignJWT({ wco_roles: request.roles, wco_member: request.member, ...(request.name ? { name: request.name } : {}) })
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setSubject(request.subject)
      .setIssuer(request.issuer ?? this.issuer)
      .setAudience(request.audience ?? this.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(request.expiresIn ?? '1h');
    if (request.notBefore !== undefined) jwt.setNotBefore(request.notBefore);
    if (!request.claims) return jwt.sign(this.privateKey);
    // Overrides go through the registered-claim setters' output, so they can also replace sub, iat or exp.
    const [header, body] = (await jwt.sign(this.privateKey)).split('.');
    const payload = { ...JSON.parse(Buffer.from(body, 'base64url').toString('utf8')), ...request.claims };
    return new SignJWT(payload).setProtectedHeader(JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))).sign(this.privateKey);
  }
}

/** Creates the key file atomically (write temp + hard link), so concurrent first starts end with one key. */
async function loadOrCreateKey(directory: string): Promise<JWK> {
  const file = join(directory, KEY_FILE);
  if (!existsSync(file)) {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = `dev-${randomUUID().slice(0, 8)}`;
    const temp = join(directory, `.${KEY_FILE}.${process.pid}.${randomUUID()}`);
    await writeFile(temp, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
    try {
      await link(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temp, { force: true });
    }
    await writeFile(join(directory, 'README.md'), README);
  }
  return JSON.parse(await readFile(file, 'utf8')) as JWK;
}
