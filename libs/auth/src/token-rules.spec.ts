import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidTokenError, UnusableClaimsError } from './auth.errors';
import { DevIssuer } from './dev-issuer';
import { JwtVerifier } from './jwt-verifier';
import { isSecretariat } from './roles';

const now = () => Math.floor(Date.now() / 1000);

/* The rules every service gets from @wco/auth (DESIGN.md, "Fail closed"): the Member claim, the subject, the
 * roles and the token's lifetime. Each case is a token an identity provider could really send. */
describe('token rules (fail closed)', () => {
  let dir: string;
  let issuer: DevIssuer;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wco-auth-rules-'));
    issuer = await DevIssuer.load({ directory: dir, nodeEnv: 'test' });
    verifier = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks(), maxTokenLifetimeSeconds: 3600 });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const token = (claims: Record<string, unknown>, expiresIn: string | number = '30m') =>
    issuer.issueToken({ subject: 'u-1', member: 'FR', roles: ['member-analyst'], expiresIn, claims });

  /** What the verifier answers: `401 <reason>`, `403 <code>: <reason>`, or the principal. */
  const outcome = (t: string) =>
    verifier.verify(t).then(
      (p) => p,
      (e: unknown) =>
        e instanceof InvalidTokenError
          ? `401 ${e.reason}`
          : e instanceof UnusableClaimsError
            ? `403 ${e.code}: ${e.reason}`
            : `unexpected ${String(e)}`,
    );

  describe('wco_member: a Member code, or WCO for Secretariat staff, never inferred', () => {
    it('refuses a token without wco_member with 403 and says what the claim must hold', async () => {
      const result = await outcome(await token({ wco_member: undefined }));
      expect(result).toBe(
        "403 member_claim_invalid: it has no wco_member claim (a Member code such as FR, or WCO for Secretariat staff); ask the identity provider's administrator to add it",
      );
    });

    it.each([['FRA'], ['fr'], [''], ['WC0'], [7], [['FR']], [null]])('refuses wco_member %j with 403', async (member) => {
      expect(await outcome(await token({ wco_member: member }))).toBe(
        '403 member_claim_invalid: claim wco_member must be an ISO 3166-1 alpha-2 code such as FR, or WCO',
      );
    });

    it('accepts WCO as Secretariat staff and a Member code as that Member, and tells them apart', async () => {
      const staff = await verifier.verify(await token({ wco_member: 'WCO', wco_roles: ['operation-coordinator'] }));
      expect(staff).toEqual({ subject: 'u-1', member: 'WCO', roles: ['operation-coordinator'] });
      expect(isSecretariat(staff)).toBe(true);
      const officer = await verifier.verify(await token({ wco_member: 'KE' }));
      expect(officer.member).toBe('KE');
      expect(isSecretariat(officer)).toBe(false);
    });
  });

  describe('sub: a non-empty string of at most 255 characters without control characters, else 401', () => {
    it.each([
      ['a number', 12345],
      ['empty', ''],
      ['an object', { id: 'u-1' }],
      ['300 characters', 'x'.repeat(300)],
      ['a NUL', 'u\u00001'],
      ['a line break', 'u-1\nadmin'],
      ['a lone surrogate', 'u\ud800'],
    ])('refuses a subject that is %s', async (_label, sub) => {
      expect(await outcome(await token({ sub }))).toBe(
        '401 invalid claim sub (a non-empty string of at most 255 characters without control characters)',
      );
    });

    it('accepts 255 characters and non-ASCII letters', async () => {
      expect(await outcome(await token({ sub: 'é'.repeat(255) }))).toMatchObject({ subject: 'é'.repeat(255) });
    });
  });

  describe('lifetime: exp - iat at most the configured maximum, iat required and not in the future', () => {
    it('refuses a 10-year token', async () => {
      expect(await outcome(await token({}, '3650d'))).toBe('401 token lifetime exceeds 3600 s (exp - iat)');
    });

    it('accepts exactly the maximum and refuses one second more', async () => {
      const iat = now();
      expect(await outcome(await token({ iat, exp: iat + 3600 }))).toMatchObject({ subject: 'u-1' });
      expect(await outcome(await token({ iat, exp: iat + 3601 }))).toBe('401 token lifetime exceeds 3600 s (exp - iat)');
    });

    it('refuses a token without iat (its lifetime cannot be known)', async () => {
      expect(await outcome(await token({ iat: undefined }))).toBe('401 missing claim iat');
    });

    it('refuses iat beyond the clock tolerance in the future, tolerates a few seconds of skew', async () => {
      expect(await outcome(await token({ iat: now() + 120, exp: now() + 600 }))).toBe('401 token issued in the future (iat)');
      expect(await outcome(await token({ iat: now() + 2, exp: now() + 600 }))).toMatchObject({ subject: 'u-1' });
    });

    it('uses a 12-hour maximum by default', async () => {
      const defaults = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks() });
      const iat = now();
      await expect(defaults.verify(await token({ iat, exp: iat + 12 * 3600 }))).resolves.toMatchObject({ subject: 'u-1' });
      await expect(defaults.verify(await token({ iat, exp: iat + 12 * 3600 + 1 }))).rejects.toThrow(
        'token lifetime exceeds 43200 s (exp - iat)',
      );
    });
  });

  describe('roles: wco_roles lists platform roles only; unknown roles refuse the token', () => {
    it.each([
      [['member_analyst'], 'claim wco_roles holds roles the platform does not know: member_analyst'],
      [['member-analyst', 'superuser'], 'claim wco_roles holds roles the platform does not know: superuser'],
      [[42], 'claim wco_roles holds roles the platform does not know: number'],
      ['admin', 'claim wco_roles must be an array of role names'],
    ])('refuses wco_roles %j with 403', async (roles, reason) => {
      expect(await outcome(await token({ wco_roles: roles }))).toBe(`403 role_claim_invalid: ${reason}`);
    });

    it('accepts an empty list (a user with no role reaches no role-protected route)', async () => {
      expect(await outcome(await token({ wco_roles: [] }))).toMatchObject({ roles: [] });
    });
  });

  it('leaves out a display name that could not be logged safely', async () => {
    expect(await outcome(await token({ name: 'Jeanne\u0000Martin' }))).toEqual({ subject: 'u-1', member: 'FR', roles: ['member-analyst'] });
  });
});
