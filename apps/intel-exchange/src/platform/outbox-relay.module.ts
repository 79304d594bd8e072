import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@wco/messaging';
import { DataSource } from 'typeorm';

const RELAY = Symbol('OUTBOX_RELAY');

/** Publishes this service's outbox to Kafka for as long as the app runs. */
@Module({})
export class OutboxRelayModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');

  constructor(@Inject(RELAY) private readonly relay: OutboxRelay) {}

  static forRoot(options: { brokers: string[]; clientId: string; pollIntervalMs?: number }): DynamicModule {
    return {
      module: OutboxRelayModule,
      providers: [
        {
          provide: RELAY,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new OutboxRelay({ dataSource, brokers: options.brokers, clientId: options.clientId, pollIntervalMs: options.pollIntervalMs }),
        },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.logger.log('outbox relay started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
