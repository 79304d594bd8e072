import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@wco/auth';
import { MessagingModule } from '@wco/messaging';
import { PersistenceModule } from '@wco/persistence';
import type { DataSource } from 'typeorm';
import { EdgeModule } from './edge/edge.module';
import { gatewayAuthOptions } from './edge/edge-auth';
import type { GatewayConfig } from './config/gateway.config';
import { SERVICE_SOURCE } from './events/gateway-events';
import { GatewayTopics } from './events/gateway-topics';
import { EventsModule } from './events/events.module';
import { NotificationDeliveryModule } from './notifications/notification-delivery.module';
import { ConsoleModule } from './console/console.module';

export interface AppModuleOptions {
  config: Readonly<GatewayConfig>;
  /** Initialised and migrated (prepareGatewayDatabase). */
  dataSource: DataSource;
  /** Tests route events to their own topics. */
  topics?: GatewayTopics;
  /** Tests that do not consume events may leave the relay out. Default true. */
  relay?: boolean;
  relayPollIntervalMs?: number;
}

/** The service's root module: platform wiring first, then one module per feature folder. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ dataSource: options.dataSource }),
        AuthModule.forRoot(gatewayAuthOptions(config)),
        EventsModule.forRoot(options.topics),
        MessagingModule.forRoot({
          dataSource: options.dataSource,
          brokers: config.KAFKA_BROKERS,
          source: SERVICE_SOURCE,
          relay:
            options.relay === false
              ? false
              : { clientId: config.SERVICE_NAME, pollIntervalMs: options.relayPollIntervalMs, lingerMs: config.OUTBOX_RELAY_LINGER_MS },
        }),
        NotificationDeliveryModule.forRoot(config),
        EdgeModule,
        ConsoleModule.forRoot({ devLogin: config.AUTH_DEV_ISSUER }),
      ],
    };
  }
}
