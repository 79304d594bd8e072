import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { CursorCodec, ValidationFailedError } from '@wco/http';
import { NotificationPage, NotificationQueryDto, toNotificationView } from './dto/notification.dto';
import { notifiedOrganisationOf } from './notifications.access';
import { NotificationsRepository } from './notifications.repository';

/** Position of a page: the sequence number of the last notification it showed. */
const SEQ_CURSOR = new CursorCodec(['int'] as const);

/** Last-Event-ID as the stream writes it: a decimal sequence number. */
export function parseLastEventId(value: string | string[] | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) {
    throw new ValidationFailedError([{ field: 'Last-Event-ID', reason: 'must be the id of an event this stream sent (a decimal number)' }]);
  }
  return BigInt(value.trim());
}

@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  async list(caller: Principal, query: NotificationQueryDto): Promise<NotificationPage> {
    const before = query.cursor === undefined ? undefined : SEQ_CURSOR.decode(query.cursor)[0];
    const rows = await this.notifications.page(notifiedOrganisationOf(caller), before, query.type, query.limit);
    const items = rows.slice(0, query.limit).map(toNotificationView);
    const last = items.at(-1);
    return { items, ...(rows.length > query.limit && last ? { nextCursor: SEQ_CURSOR.encode([last.sequence]) } : {}) };
  }
}
