import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { KafkaSecurityConfig } from '@wco/config';
import { SERVICE_TRANSPORT, type ServiceTransport } from '@wco/http';
import type { DataSource } from 'typeorm';
import { ConsumerRunner, type ConsumerRunnerOptions } from '../consumer/consumer-runner';
import { MetricsSampler, type MetricsSamplerOptions } from '../metrics/metrics-sampler';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import { EventErrorFilter } from './event-error.filter';
import { KafkaEventTransport, type KafkaEventTransportOptions } from './kafka-event.transport';

export interface MessagingModuleOptions {
  dataSource: DataSource;
  brokers: string[];
  /** The service's Kafka principal and TLS settings (config.kafkaSecurity), for the relay and every consumer. */
  security?: KafkaSecurityConfig;
  /** ce_source of this service, `/<service>`. */
  source: string;
  /** Relay settings; `false` when another process of the service publishes the outbox. */
  relay?: Omit<OutboxRelayOptions, 'dataSource' | 'brokers' | 'security'> | false;
  /**
   * Consumer groups built by hand; handlers are built in the factory, where services can be injected. Prefer
   * `@EventPattern(EventClass.type)` handlers on controllers (KafkaEventTransport, configured by `events`).
   */
  consumers?: Omit<ConsumerRunnerOptions, 'dataSource' | 'brokers' | 'security'>[];
  /** The `@EventPattern` transport: default consumer group (the service name from `source`), topic routing, runner settings. */
  events?: Partial<Omit<KafkaEventTransportOptions, 'dataSource' | 'brokers' | 'security'>>;
  /**
   * The sampled metrics (outbox backlog and age, consumer group lag, DLQ sizes) and the service's SQL gauges
   * (`sqlGauges`, e.g. saga states); `false` turns the sampler off.
   */
  metrics?: Pick<MetricsSamplerOptions, 'intervalMs' | 'sqlGauges'> | false;
}

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Starts the relay and the consumers once the app is up, and stops them (gracefully) on shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessagingLifecycle.name);
  private relay?: OutboxRelay;
  private sampler?: MetricsSampler;
  private readonly runners: ConsumerRunner[] = [];

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const { dataSource, brokers, security } = this.options;
    if (this.options.relay !== false) {
      this.relay = new OutboxRelay({ ...(this.options.relay ?? {}), dataSource, brokers, security });
      this.relay.start();
    }
    for (const c of this.options.consumers ?? []) {
      const runner = new ConsumerRunner({ ...c, dataSource, brokers, security });
      await runner.start();
      this.runners.push(runner);
      this.logger.log(`consumer group ${c.groupId} started on ${c.topics.join(', ')}`);
    }
    if (this.options.metrics !== false) {
      const clientId = `${this.options.source.replace(/^\//, '')}-metrics`;
      this.sampler = new MetricsSampler({ ...(this.options.metrics ?? {}), dataSource, brokers, security, clientId });
      this.sampler.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sampler?.stop();
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.relay?.stop();
  }
}

/**
 * Wires @wco/messaging into a Nest app: OutboxWriter for the services, the relay and the consumer groups tied
 * to the app lifecycle, and the `@EventPattern` transport that createServiceApp (@wco/http) connects. Enable
 * shutdown hooks (`app.enableShutdownHooks()`) so Ctrl-C stops them cleanly.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: OutboxWriter, useFactory: (o: MessagingModuleOptions) => new OutboxWriter(o.source), inject: [MESSAGING_OPTIONS] },
        MessagingLifecycle,
        {
          provide: SERVICE_TRANSPORT,
          useFactory: (o: MessagingModuleOptions): ServiceTransport => ({
            strategy: new KafkaEventTransport({
              ...o.events,
              dataSource: o.dataSource,
              brokers: o.brokers,
              security: o.security,
              group: o.events?.group ?? o.source.replace(/^\//, ''),
            }),
            filters: [new EventErrorFilter()],
          }),
          inject: [MESSAGING_OPTIONS],
        },
      ],
      exports: [OutboxWriter, SERVICE_TRANSPORT],
    };
  }

  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options });
  }
}
