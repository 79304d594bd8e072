import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookSecurity } from './webhook-security';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [NotificationsModule],
  controllers: [WebhooksController],
  providers: [WebhookSecurity, WebhooksService, WebhooksRepository, WebhookDeliveryWorker],
  exports: [WebhooksService],
})
export class WebhooksModule {}
