import { DynamicModule, Module } from '@nestjs/common';
import { IntelEvents } from './intel-events';
import { IntelTopics } from './intel-topics';

@Module({})
export class EventsModule {
  static forRoot(topics: IntelTopics = new IntelTopics()): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: IntelTopics, useValue: topics }, IntelEvents],
      exports: [IntelEvents, IntelTopics],
    };
  }
}
