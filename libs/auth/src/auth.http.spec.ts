import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceConfig, loadConfig } from '@wco/config';
import { createServiceApp, Public } from '@wco/http';
import { JsonLogger } from '@wco/telemetry';
import { AuthModule } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import { DevIssuer } from './dev-issuer';
import { JwtVerifier } from './jwt-verifier';
import { Principal } from './roles';
import { Roles } from './roles.guard';

@Controller('operations')
class OperationsController {
  @Get('mine')
  mine(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Get('close')
  @Roles('operation-coordinator', 'admin')
  close(): { closed: true } {
    return { closed: true };
  }

  @Public()
  @Get('catalogue')
  catalogue(): { open: true } {
    return { open: true };
  }
}

class AuthTestConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'auth-test';
}

describe('AuthModule on a service app', () => {
  let dir: string;
  let app: NestFastifyApplication;
  let issuer: DevIssuer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wco-auth-http-'));
    @Module({ imports: [AuthModule.forRoot({ devIssuer: { directory: dir, nodeEnv: 'test' } })], controllers: [OperationsController] })
    class TestAppModule {}
    const config = loadConfig(AuthTestConfig, { AUTH_DEV_ISSUER: 'true' });
    app = await createServiceApp(TestAppModule, config, { logger: new JsonLogger({ service: 'auth-test', level: 'fatal' }) });
    await app.getHttpAdapter().getInstance().ready();
    issuer = app.get(DevIssuer);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers 401 problem+json with a bare Bearer challenge when no token is sent', async () => {
    const res = await get('/operations/mine');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="wco"');
    expect(res.json()).toMatchObject({ code: 'missing_token', status: 401 });
  });

  it('answers 401 with error="invalid_token" and the reason for a bad token', async () => {
    const expired = await issuer.issueToken({
      subject: 'u',
      member: 'FR',
      roles: ['member-analyst'],
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });
    const res = await get('/operations/mine', expired);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="wco", error="invalid_token", error_description="token expired"');
    expect(res.json()).toMatchObject({ code: 'invalid_token', detail: 'invalid bearer token: token expired' });
  });

  it('passes the verified principal to the handler', async () => {
    const token = await issuer.issueToken({ subject: 'analyst-7', member: 'KE', roles: ['member-analyst'] });
    const res = await get('/operations/mine', token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ subject: 'analyst-7', member: 'KE', roles: ['member-analyst'] });
  });

  it('answers 403 problem+json when the caller lacks the role, 200 when it has it', async () => {
    const analyst = await issuer.issueToken({ subject: 'a', member: 'FR', roles: ['member-analyst'] });
    const denied = await get('/operations/close', analyst);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({
      code: 'insufficient_role',
      detail: 'this action requires one of the roles: operation-coordinator, admin',
      requiredRoles: ['operation-coordinator', 'admin'],
    });
    const coordinator = await issuer.issueToken({ subject: 'c', member: 'WCO', roles: ['operation-coordinator'] });
    expect((await get('/operations/close', coordinator)).statusCode).toBe(200);
  });

  it('refuses a token without wco_member with 403 problem+json saying what is missing: no default to WCO staff', async () => {
    const staffByOmission = await issuer.issueToken({
      subject: 'c',
      member: 'WCO',
      roles: ['operation-coordinator'],
      claims: { wco_member: undefined },
    });
    const res = await get('/operations/close', staffByOmission);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 403, code: 'member_claim_invalid' });
    expect(res.json().detail).toContain('it has no wco_member claim (a Member code such as FR, or WCO for Secretariat staff)');
  });

  it.each([[12345], [''], [{ id: 'x' }], ['x'.repeat(300)]])('answers 401 invalid_token, not 500, for sub %j', async (sub) => {
    const res = await get('/operations/mine', await issuer.issueToken({ subject: 's', member: 'FR', roles: [], claims: { sub } }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_token', status: 401 });
  });

  it('lets public routes, health and the dev JWKS through without a token', async () => {
    expect((await get('/operations/catalogue')).statusCode).toBe(200);
    expect((await get('/health/live')).statusCode).toBe(200);
    expect((await get('/metrics')).statusCode).toBe(200);
    const jwks = await get('/auth/dev-issuer/jwks.json');
    expect(jwks.statusCode).toBe(200);
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.json().keys[0]).not.toHaveProperty('d');
  });
});

describe('dev-token CLI', () => {
  const root = resolve(__dirname, '../../..');
  const run = promisify(execFile);
  const node = process.execPath;

  it('prints a token the development issuer verifies', async () => {
    const { stdout } = await run(
      node,
      [
        '--require',
        '@swc-node/register',
        'libs/auth/src/dev-token.ts',
        '--member',
        'FR',
        '--roles',
        'member-analyst,expert',
        '--subject',
        'cli-user',
      ],
      { cwd: root, env: { ...process.env, NODE_ENV: 'development' }, timeout: 30_000 },
    );
    const issuer = await DevIssuer.load({ nodeEnv: 'test' });
    const verifier = new JwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: issuer.jwks() });
    await expect(verifier.verify(stdout.trim())).resolves.toEqual({
      subject: 'cli-user',
      member: 'FR',
      roles: ['member-analyst', 'expert'],
    });
  }, 30_000);

  it('refuses to run in production', async () => {
    const error = await run(
      node,
      ['--require', '@swc-node/register', 'libs/auth/src/dev-token.ts', '--member', 'WCO', '--roles', 'admin'],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
        timeout: 30_000,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 64 });
    expect((error as { stderr: string }).stderr).toContain('dev-token: the development token issuer is disabled when NODE_ENV=production');
  }, 30_000);
});
