import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ValidationFailedError } from '@wco/http';
import { DataSource } from 'typeorm';
import { LANGUAGES, TOPIC_CODES } from '../publications/domain/vocabulary';

export class SubscriptionsView {
  @ApiProperty({ enum: TOPIC_CODES, isArray: true, description: 'Topics the caller follows' })
  topics: string[];

  @ApiProperty({ type: [String], description: 'Series the caller follows (by name)' })
  series: string[];

  @ApiProperty({ enum: LANGUAGES, isArray: true, description: 'Languages the caller follows' })
  languages: string[];
}

type Kind = 'topic' | 'series' | 'language';

function topicParam(topic: string): string {
  if (!(TOPIC_CODES as string[]).includes(topic))
    throw new ValidationFailedError([{ field: 'topic', reason: `must be one of ${TOPIC_CODES.join(', ')}` }]);
  return topic;
}

function languageParam(language: string): string {
  if (!(LANGUAGES as readonly string[]).includes(language))
    throw new ValidationFailedError([{ field: 'language', reason: `must be one of ${LANGUAGES.join(', ')}` }]);
  return language;
}

/** Any name is accepted (1 to 200 characters, trimmed as series are): whether a series exists is not revealed. */
function seriesParam(series: string): string {
  const name = series.trim();
  if (name.length < 1 || name.length > 200 || [...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f'))
    throw new ValidationFailedError([
      { field: 'series', reason: 'must be a series name of 1 to 200 characters, without control characters' },
    ]);
  return name;
}

const NOTIFIED =
  'Releases, revisions and lifted embargoes of matching publications then produce a notification event for the caller, if its Member may see them: one per publication, however many of its topics, series and languages the caller follows.';

/**
 * A user follows topics, series and languages; each release, revision or lifted embargo of a publication that
 * matches any of them produces one notification event for the user (not one per matching criterion), if the
 * user's Member may see the publication (research.publication.v1 `notified`, for the gateway's delivery).
 * Subscriptions are the caller's own: there is no route to another user's.
 */
@ApiTags('subscriptions')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'The topics, series and languages the caller follows',
    description: 'Any authenticated user; only the caller’s own subscriptions.',
  })
  @ApiOkResponse({ type: SubscriptionsView })
  async list(@CurrentPrincipal() caller: Principal): Promise<SubscriptionsView> {
    const rows: { kind: Kind; value: string }[] = await this.dataSource.query(
      `SELECT kind, value FROM subscription WHERE subject = $1 AND member = $2 ORDER BY kind, value`,
      [caller.subject, caller.member],
    );
    const of = (kind: Kind) => rows.filter((r) => r.kind === kind).map((r) => r.value);
    return { topics: of('topic'), series: of('series'), languages: of('language') };
  }

  @Put('series/:series')
  @HttpCode(204)
  @ApiOperation({ summary: 'Follow a series (idempotent)', description: NOTIFIED })
  @ApiParam({ name: 'series', schema: { type: 'string', maxLength: 200 }, description: 'The series name, percent-encoded' })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  followSeries(@CurrentPrincipal() caller: Principal, @Param('series') series: string): Promise<void> {
    return this.follow(caller, 'series', seriesParam(series));
  }

  @Delete('series/:series')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Stop following a series (idempotent)',
    description: 'Removing a series the caller does not follow is not an error.',
  })
  @ApiParam({ name: 'series', schema: { type: 'string', maxLength: 200 } })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  unfollowSeries(@CurrentPrincipal() caller: Principal, @Param('series') series: string): Promise<void> {
    return this.unfollow(caller, 'series', seriesParam(series));
  }

  @Put('languages/:language')
  @HttpCode(204)
  @ApiOperation({ summary: 'Follow a language: publications with a title or abstract in it (idempotent)', description: NOTIFIED })
  @ApiParam({ name: 'language', enum: LANGUAGES })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  followLanguage(@CurrentPrincipal() caller: Principal, @Param('language') language: string): Promise<void> {
    return this.follow(caller, 'language', languageParam(language));
  }

  @Delete('languages/:language')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Stop following a language (idempotent)',
    description: 'Removing a language the caller does not follow is not an error.',
  })
  @ApiParam({ name: 'language', enum: LANGUAGES })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  unfollowLanguage(@CurrentPrincipal() caller: Principal, @Param('language') language: string): Promise<void> {
    return this.unfollow(caller, 'language', languageParam(language));
  }

  @Put(':topic')
  @HttpCode(204)
  @ApiOperation({ summary: 'Follow a topic (idempotent)', description: NOTIFIED })
  @ApiParam({ name: 'topic', enum: TOPIC_CODES })
  @ApiNoContentResponse()
  @ApiProblems({ 400: ['validation_failed'] })
  followTopic(@CurrentPrincipal() caller: Principal, @Param('topic') topic: string): Promise<void> {
    return this.follow(caller, 'topic', topicParam(topic));
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
  unfollowTopic(@CurrentPrincipal() caller: Principal, @Param('topic') topic: string): Promise<void> {
    return this.unfollow(caller, 'topic', topicParam(topic));
  }

  private async follow(caller: Principal, kind: Kind, value: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO subscription (subject, member, kind, value, created_at) VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING`,
      [caller.subject, caller.member, kind, value],
    );
  }

  private async unfollow(caller: Principal, kind: Kind, value: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM subscription WHERE subject = $1 AND member = $2 AND kind = $3 AND value = $4`, [
      caller.subject,
      caller.member,
      kind,
      value,
    ]);
  }
}
