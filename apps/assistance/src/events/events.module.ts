import { DynamicModule, Module } from '@nestjs/common';
import { AssistanceEvents } from './assistance-events';
import { AssistanceTopics } from './assistance-topics';

@Module({})
export class EventsModule {
  static forRoot(topics: AssistanceTopics = new AssistanceTopics()): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: AssistanceTopics, useValue: topics }, AssistanceEvents],
      exports: [AssistanceEvents, AssistanceTopics],
    };
  }
}
