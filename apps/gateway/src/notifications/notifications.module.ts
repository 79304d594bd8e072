import { Module } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway.config';
import { NotificationStream } from './notification-stream';
import { NOTIFICATIONS_CONSUMER_ENABLED, NotificationsConsumer } from './notifications.consumer';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationStream,
    {
      provide: NOTIFICATIONS_CONSUMER_ENABLED,
      useFactory: (c: GatewayConfig) => c.GATEWAY_NOTIFICATIONS_CONSUMER,
      inject: [GatewayConfig],
    },
    NotificationsConsumer,
  ],
  exports: [NotificationsRepository],
})
export class NotificationsModule {}
