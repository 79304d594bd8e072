import { DynamicModule, Module } from '@nestjs/common';
import { GatewayEvents } from './gateway-events';
import { GatewayTopics } from './gateway-topics';

@Module({})
export class EventsModule {
  static forRoot(topics: GatewayTopics = new GatewayTopics()): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: GatewayTopics, useValue: topics }, GatewayEvents],
      exports: [GatewayEvents, GatewayTopics],
    };
  }
}
