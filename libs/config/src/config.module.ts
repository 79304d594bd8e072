import { DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig } from './base-service.config';

/**
 * Makes the already-loaded configuration injectable, under its own class and under BaseServiceConfig, so a
 * provider writes `constructor(private readonly config: IntelExchangeConfig)`.
 */
@Module({})
export class ConfigModule {
  static forRoot<T extends BaseServiceConfig>(config: Readonly<T>): DynamicModule {
    const own = config.constructor as new () => T;
    const providers = [{ provide: own, useValue: config }];
    if (own !== BaseServiceConfig) providers.push({ provide: BaseServiceConfig as new () => T, useValue: config });
    return { module: ConfigModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }
}
