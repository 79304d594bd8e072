import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, Public } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { CalendarFeedView } from '../experts/dto/expert.dto';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('exports/iati-activities.xml')
  @ApiOperation({ summary: 'IATI 2.03 activity XML of the delivered missions the caller may see' })
  @ApiRoles(['assistance-coordinator', 'member-analyst'], { note: 'Others get 404 no_activities, as does anyone with nothing to export.' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'iati-activities, version 2.03' })
  @ApiProblems({ 404: ['no_activities'] })
  async iati(@CurrentPrincipal() caller: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const xml = await this.exports.iati(caller);
    void reply.header('content-type', 'application/xml; charset=utf-8');
    return xml;
  }

  @Post('experts/me/calendar-feed')
  @Roles('expert')
  @HttpCode(200)
  @ApiOperation({ summary: 'A secret iCalendar feed URL of my missions (calendar clients send no bearer token); revokes the previous one' })
  @ApiOkResponse({ type: CalendarFeedView })
  @ApiProblems({ 404: ['expert_not_found'] })
  async issue(@CurrentPrincipal() caller: Principal): Promise<CalendarFeedView> {
    return { path: `/calendar/${await this.exports.issueCalendarToken(caller)}` };
  }

  @Delete('experts/me/calendar-feed')
  @Roles('expert')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke my calendar feed URL' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems({ 404: ['expert_not_found'] })
  async revoke(@CurrentPrincipal() caller: Principal): Promise<void> {
    await this.exports.revokeCalendarToken(caller);
  }

  @Get('calendar/:token')
  @Public()
  @ApiOperation({ summary: "An expert's missions as iCalendar (RFC 5545); the secret token in the path is the credential" })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'VCALENDAR' })
  @ApiProblems({ 404: ['calendar_feed_not_found'] })
  async calendar(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.exports.calendar(token);
    void reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, no-store');
    return body;
  }
}
