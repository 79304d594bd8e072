import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@wco/auth';
import type { FastifyRequest } from 'fastify';
import { type ConsoleAuthConfig, type ConsoleOidcSettings, DEV_OIDC_PATH } from './console-auth';

export const CONSOLE_AUTH = Symbol('CONSOLE_AUTH');
export interface ConsoleAuthOptions {
  devLogin: boolean;
  oidc: ConsoleOidcSettings;
}

/** The origin the browser used (the gateway may sit behind a proxy that sets X-Forwarded-Proto). */
export const requestOrigin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/**
 * `GET /auth/config`: how the console signs in, read by the browser before anything else. Left out of the OpenAPI
 * document (the console's own bootstrap, not part of the platform's API).
 */
@ApiExcludeController()
@Public()
@Controller('auth')
export class ConsoleAuthController {
  constructor(@Inject(CONSOLE_AUTH) private readonly options: ConsoleAuthOptions) {}

  @Get('config')
  @Header('cache-control', 'no-cache')
  config(@Req() request: FastifyRequest): ConsoleAuthConfig {
    const { devLogin, oidc } = this.options;
    const issuer = oidc.issuer ?? (devLogin ? `${requestOrigin(request)}${DEV_OIDC_PATH}` : undefined);
    return { devLogin, ...(oidc.clientId && issuer ? { oidc: { issuer, clientId: oidc.clientId, scope: oidc.scope } } : {}) };
  }
}
