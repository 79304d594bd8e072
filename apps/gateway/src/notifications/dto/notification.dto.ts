import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@wco/http';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { NOTIFICATION_TYPES, type NotificationType } from '../notification-types';
import type { NotificationRow } from '../notifications.repository';

export class NotificationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    description: 'Position in the Member’s notifications (increasing, not gapless); the SSE event id',
    minimum: 1,
    example: 42,
  })
  sequence: number;

  @ApiProperty({ example: 'FR', description: 'The Member notified (always the caller’s organisation)' })
  member: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES })
  type: NotificationType;

  @ApiProperty({ description: 'Id of what the notification is about (match, publication, mission, webhook)' })
  subject: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the event carried for this Member (no personal data)' })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] })
  items: NotificationView[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next (older) page; absent on the last page' })
  nextCursor?: string;
}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_TYPES, isArray: true, description: 'Only these types (repeat or comma-separate)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  @IsIn(NOTIFICATION_TYPES, { each: true })
  type?: NotificationType[];
}

export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    sequence: Number(row.seq),
    member: row.member,
    type: row.type as NotificationType,
    subject: row.subject,
    data: row.data,
    createdAt: row.created_at.toISOString(),
  };
}
