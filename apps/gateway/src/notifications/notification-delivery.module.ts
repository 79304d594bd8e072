import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@wco/config';
import type { GatewayConfig } from '../config/gateway.config';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { NotificationsModule } from './notifications.module';

/** Notification delivery to Members: the consumer, the notifications (list and SSE) and the webhooks with their worker. */
@Module({})
export class NotificationDeliveryModule {
  static forRoot(config: Readonly<GatewayConfig>): DynamicModule {
    return { module: NotificationDeliveryModule, imports: [ConfigModule.forRoot(config), NotificationsModule, WebhooksModule] };
  }
}
