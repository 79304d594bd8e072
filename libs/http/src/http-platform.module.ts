import { DynamicModule, Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { ReadinessCheck, ReadinessRegistry } from './health/readiness';
import { MetricsController } from './metrics/metrics.controller';

/** Health and metrics endpoints; global so feature modules can inject ReadinessRegistry and add their checks. */
@Module({})
export class HttpPlatformModule {
  static forRoot(checks: ReadinessCheck[] = []): DynamicModule {
    return {
      module: HttpPlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        {
          provide: ReadinessRegistry,
          useFactory: () => {
            const registry = new ReadinessRegistry();
            for (const check of checks) registry.register(check);
            return registry;
          },
        },
      ],
      exports: [ReadinessRegistry],
    };
  }
}
