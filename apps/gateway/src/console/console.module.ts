import { DynamicModule, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { mountConsole } from './console-static';
import { DevLoginController } from './dev-login.controller';

/**
 * The web console (apps/console) served at `/`, and its development login when the gateway runs the development
 * issuer (never in production: that issuer refuses to load there).
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: GatewayConfig,
  ) {}

  static forRoot(options: { devLogin: boolean }): DynamicModule {
    return { module: ConsoleModule, controllers: options.devLogin ? [DevLoginController] : [] };
  }

  onModuleInit(): void {
    const logger = new Logger('Console');
    mountConsole(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), this.config.GATEWAY_CONSOLE_DIR, (m) => logger.warn(m));
  }
}
