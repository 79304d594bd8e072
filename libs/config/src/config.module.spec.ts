import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { BaseServiceConfig } from './base-service.config';
import { ConfigModule } from './config.module';
import { loadConfig } from './load-config';

class ReportsConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'intel-exchange';
}

@Injectable()
class UsesConfig {
  constructor(
    readonly own: ReportsConfig,
    readonly base: BaseServiceConfig,
  ) {}
}

describe('ConfigModule', () => {
  it('injects the loaded configuration under its class and under BaseServiceConfig', async () => {
    const config = loadConfig(ReportsConfig, { AUTH_DEV_ISSUER: 'true' });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config)], providers: [UsesConfig] }).compile();
    const user = moduleRef.get(UsesConfig);
    expect(user.own).toBe(config);
    expect(user.base).toBe(config);
    await moduleRef.close();
  });
});
