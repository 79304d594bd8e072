import { DynamicModule, Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { ReadinessCheck, ReadinessRegistry } from './health/readiness';
import { METRICS_ACCESS, MetricsAccess, MetricsListener } from './metrics/metrics-access';
import { MetricsController } from './metrics/metrics.controller';

/** Health and metrics endpoints; global so feature modules can inject ReadinessRegistry and add their checks. */
@Module({})
export class HttpPlatformModule {
  static forRoot(checks: ReadinessCheck[] = [], metrics: MetricsAccess = {}, host = '127.0.0.1'): DynamicModule {
    return {
      module: HttpPlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: METRICS_ACCESS, useValue: metrics },
        { provide: MetricsListener, useFactory: () => new MetricsListener(metrics, host) },
        {
          provide: ReadinessRegistry,
          useFactory: () => {
            const registry = new ReadinessRegistry();
            for (const check of checks) registry.register(check);
            return registry;
          },
        },
      ],
      exports: [ReadinessRegistry, MetricsListener],
    };
  }
}
