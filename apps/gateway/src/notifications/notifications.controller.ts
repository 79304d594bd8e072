import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles } from '@wco/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotificationPage, NotificationQueryDto } from './dto/notification.dto';
import { NotificationStream } from './notification-stream';
import { notifiedOrganisationOf } from './notifications.access';
import { StreamNotAcceptableError } from './notifications.errors';
import { NotificationsService, parseLastEventId } from './notifications.service';

/** When the bearer token presented for the stream expires (already verified by the AuthGuard). */
function tokenExpiry(authorization: string | undefined): number {
  const payload = authorization?.split(' ')[1]?.split('.')[1];
  try {
    const exp = (JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // A verified token always has exp; this only guards the parse.
  }
  return Date.now();
}

@ApiTags('notifications')
@ApiRoles(['member-analyst'], { enforced: true })
@Roles('member-analyst')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The caller’s Member’s notifications, newest first',
    description:
      'Matches, publication releases for its subscribers, mission news and webhook notices addressed to the caller’s organisation only.',
  })
  @ApiOkResponse({ type: NotificationPage })
  @ApiProblems({ 400: ['validation_failed', 'invalid_cursor'] })
  list(@CurrentPrincipal() caller: Principal, @Query() query: NotificationQueryDto): Promise<NotificationPage> {
    return this.notifications.list(caller, query);
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Server-sent events: the caller’s Member’s notifications as they arrive',
    description:
      'Each event has `id` = the notification’s sequence, `event` = its type and `data` = the notification (as in the list). ' +
      'Reconnect with `Last-Event-ID` to get what was missed first, then live ones; without it the stream starts with the next notification. ' +
      'Comment lines are heartbeats. The stream ends when the token expires: reconnect with a fresh token.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'id of the last event received' })
  @ApiOkResponse({ description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiProblems({ 400: ['validation_failed'], 406: ['not_acceptable'], 429: ['too_many_streams'] })
  async open(
    @CurrentPrincipal() caller: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (accept !== undefined && !/text\/event-stream|\*\/\*|text\/\*/i.test(accept)) throw new StreamNotAcceptableError();
    const member = notifiedOrganisationOf(caller);
    const from = parseLastEventId(lastEventId) ?? (await this.stream.startPosition(member));
    // Refused with problem+json while Nest still owns the reply; past the hijack the stream is the answer.
    this.stream.admit(member);
    reply.hijack();
    this.stream.open(member, reply.raw, from, tokenExpiry(request.headers.authorization));
  }
}
