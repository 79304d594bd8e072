import { DynamicModule, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { mountConsole } from './console-static';
import { consoleOidcSettings } from './console-auth';
import { CONSOLE_AUTH, ConsoleAuthController, type ConsoleAuthOptions } from './console-auth.controller';
import { DevLoginController } from './dev-login.controller';
import { acceptTokenForm, DevOidcController } from './dev-oidc.controller';

/**
 * The web console (apps/console) served at `/`, how it signs in (`GET /auth/config`), and, when the gateway runs the
 * development issuer (never in production: that issuer refuses to load there), its development login and the
 * development issuer's OpenID endpoints (authorization code + PKCE) for the production sign-in's tests.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: GatewayConfig,
    @Inject(CONSOLE_AUTH) private readonly auth: ConsoleAuthOptions,
  ) {}

  static forRoot(options: { devLogin: boolean }): DynamicModule {
    const auth: ConsoleAuthOptions = { devLogin: options.devLogin, oidc: consoleOidcSettings() };
    return {
      module: ConsoleModule,
      controllers: [ConsoleAuthController, ...(options.devLogin ? [DevLoginController, DevOidcController] : [])],
      providers: [{ provide: CONSOLE_AUTH, useValue: auth }],
    };
  }

  onModuleInit(): void {
    const logger = new Logger('Console');
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    mountConsole(fastify, this.config.GATEWAY_CONSOLE_DIR, (m) => logger.warn(m));
    if (this.auth.devLogin && this.auth.oidc.clientId) acceptTokenForm(fastify);
  }
}
