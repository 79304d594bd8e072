import { Controller, Injectable, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { EventPattern, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { BaseServiceConfig, loadConfig } from '@wco/config';
import { JsonLogger } from '@wco/telemetry';
import { createServiceApp } from './create-service-app';
import { SERVICE_TRANSPORT, type ServiceTransport } from './service-transport';

class TransportTestConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'transport-wiring-test';
}

/** A transport that only records what Nest handed it (the Kafka one is tested in @wco/messaging). */
class RecordingTransport extends Server implements CustomTransportStrategy {
  listened = 0;
  closed = 0;
  patterns: string[] = [];

  listen(callback: () => void): void {
    this.listened++;
    this.patterns = [...this.getHandlers().keys()];
    callback();
  }

  close(): void {
    this.closed++;
  }

  on(): void {
    throw new Error('not used');
  }

  unwrap<T>(): T {
    return this as unknown as T;
  }
}

@Injectable()
class Hooks implements OnModuleInit, OnApplicationBootstrap {
  inits = 0;
  bootstraps = 0;
  onModuleInit(): void {
    this.inits++;
  }
  onApplicationBootstrap(): void {
    this.bootstraps++;
  }
}

@Controller()
class Handlers {
  readonly seen: unknown[] = [];

  @EventPattern('org.wcoomd.test.thing-happened.v1')
  onThing(data: unknown): void {
    this.seen.push(data);
  }
}

describe('createServiceApp with a SERVICE_TRANSPORT', () => {
  it('connects the transport, hands it the @EventPattern handlers, runs lifecycle hooks once, and closes it with the app', async () => {
    const strategy = new RecordingTransport();
    @Module({
      controllers: [Handlers],
      providers: [Hooks, { provide: SERVICE_TRANSPORT, useValue: { strategy } satisfies ServiceTransport }],
    })
    class ServiceModule {}

    const app = await createServiceApp(ServiceModule, loadConfig(TransportTestConfig, { AUTH_DEV_ISSUER: 'true' }), {
      logger: new JsonLogger({ service: 'transport-wiring-test', level: 'error', write: () => undefined }),
    });
    const hooks = app.get(Hooks);
    expect(strategy.listened).toBe(1);
    expect(strategy.patterns).toEqual(['org.wcoomd.test.thing-happened.v1']);
    // Starting the transport must not run the modules' hooks a second time (a relay or consumer started twice).
    expect([hooks.inits, hooks.bootstraps]).toEqual([1, 1]);
    await app.close();
    expect(strategy.closed).toBe(1);
  });
});
