import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ValidationFailedError } from '@wco/http';
import { DataSource } from 'typeorm';
import { TOPIC_CODES } from '../publications/domain/vocabulary';

export class SubscriptionsView {
  @ApiProperty({ enum: TOPIC_CODES, isArray: true, description: 'Topics the caller follows' })
  topics: string[];
}

function topicParam(topic: string): string {
  if (!(TOPIC_CODES as string[]).includes(topic))
    throw new ValidationFailedError([{ field: 'topic', reason: `must be one of ${TOPIC_CODES.join(', ')}` }]);
  return topic;
}

/**
 * A user follows topics; each release, revision or lifted embargo of a publication with one of them produces one
 * notification event for the user, if the user's Member may see the publication (research.publication.v1,
 * subscriber_notified, for the gateway's delivery). Subscriptions are the caller's own: there is no route to
 * another user's.
 */
@ApiTags('subscriptions')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'The topics the caller follows', description: 'Any authenticated user; only the caller’s own subscriptions.' })
  @ApiOkResponse({ type: SubscriptionsView })
  async list(@CurrentPrincipal() caller: Principal): Promise<SubscriptionsView> {
    const rows: { topic: string }[] = await this.dataSource.query(
      `SELECT topic FROM topic_subscription WHERE subject = $1 AND member = $2 ORDER BY topic`,
      [caller.subject, caller.member],
    );
    return { topics: rows.map((r) => r.topic) };
  }

  @Put(':topic')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Follow a topic (idempotent)',
    description:
      'Releases, revisions and lifted embargoes of publications with this topic then produce a notification event for the caller, if its Member may see them.',
  })
  @ApiParam({ name: 'topic', enum: TOPIC_CODES })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  async follow(@CurrentPrincipal() caller: Principal, @Param('topic') topic: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO topic_subscription (subject, member, topic, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
      [caller.subject, caller.member, topicParam(topic)],
    );
  }

  @Delete(':topic')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Stop following a topic (idempotent)',
    description: 'Removing a topic the caller does not follow is not an error.',
  })
  @ApiParam({ name: 'topic', enum: TOPIC_CODES })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  async unfollow(@CurrentPrincipal() caller: Principal, @Param('topic') topic: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM topic_subscription WHERE subject = $1 AND member = $2 AND topic = $3`, [
      caller.subject,
      caller.member,
      topicParam(topic),
    ]);
  }
}
