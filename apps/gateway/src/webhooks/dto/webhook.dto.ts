import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, Trim } from '@wco/http';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTIFICATION_TYPES, type NotificationType } from '../../notifications/notification-types';
import { WEBHOOK_STATUSES, type WebhookStatus } from '../webhook.entity';
import { MAX_WEBHOOK_URL_LENGTH } from '../webhook-target';

export class CreateWebhookDto {
  @ApiProperty({ minLength: 3, maxLength: 200, example: 'Risk-management system' })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @ApiProperty({
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    example: 'https://hooks.douane.example/wco',
    description:
      'https; its host must resolve to public addresses only (private, loopback, link-local... are refused unless the operator allows them)',
  })
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_TYPES, isArray: true, description: 'Only these notification types; omitted or empty: all' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  @IsIn(NOTIFICATION_TYPES, { each: true })
  eventTypes?: NotificationType[];
}

/** A webhook endpoint as its Member sees it: never its secret. */
export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'FR', description: 'Owning organisation: a Member code, or WCO' })
  ownerMember: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES, isArray: true, description: 'Empty: all types' })
  eventTypes: NotificationType[];

  @ApiProperty({
    enum: WEBHOOK_STATUSES,
    description: 'disabled: failed for too long (a gateway.webhook.disabled notification told the Member)',
  })
  status: WebhookStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'Since when deliveries fail without a success' })
  failingSince?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  disabledAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until when the secret before the last rotation still signs' })
  previousSecretValidUntil?: string;

  @ApiProperty({ minimum: 1 })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** The answer of creation and rotation: the only time the secret is shown. */
export class WebhookWithSecretView extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Standard Webhooks signing secret; shown once, store it now',
  })
  secret: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] })
  items: WebhookView[];

  @ApiPropertyOptional()
  nextCursor?: string;
}

export class WebhookListQueryDto extends PageQueryDto {}

export class DeliveryAttemptView {
  @ApiProperty({ format: 'date-time' })
  attemptedAt: string;

  @ApiPropertyOptional({ description: 'HTTP status of the answer; absent when none came' })
  statusCode?: number;

  @ApiProperty({ description: 'Milliseconds until the answer (or the failure)' })
  latencyMs: number;

  @ApiPropertyOptional({ description: 'Why it failed: refused address, timeout, connection error, non-2xx' })
  error?: string;
}

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export class DeliveryView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The notification delivered (also the webhook-id header)' })
  notificationId: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES })
  type: NotificationType;

  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'failed: given up after the retry schedule' })
  status: (typeof DELIVERY_STATUSES)[number];

  @ApiProperty()
  attempts: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Next attempt of a pending delivery' })
  nextAttemptAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The delivery this one sends again (manual redelivery)' })
  redeliveryOf?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;

  @ApiProperty({ type: [DeliveryAttemptView] })
  attemptLog: DeliveryAttemptView[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] })
  items: DeliveryView[];

  @ApiPropertyOptional()
  nextCursor?: string;
}
