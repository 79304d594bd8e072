import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { CreateFollowUpDto, FollowUpListView, FollowUpQueryDto, FollowUpTransitionDto, FollowUpView } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('follow-ups')
@ApiUuidParam('id', 'The request or follow-up visit')
@Controller()
export class FollowUpsController {
  constructor(private readonly visits: FollowUpsService) {}

  @Post('requests/:id/follow-ups')
  @Roles('assistance-coordinator')
  @ApiOperation({
    summary: 'Plan a follow-up visit the evaluation asks for (followUpNeeded), optionally for one of the request’s missions',
  })
  @ApiCreatedResponse({ type: FollowUpView })
  @ApiProblems({
    403: ['forbidden'],
    404: ['request_not_found'],
    409: ['request_state_conflict'],
    422: ['follow_up_not_requested', 'transition_precondition_failed'],
  })
  async plan(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateFollowUpDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpView> {
    const view = await this.visits.plan(caller, id, dto);
    void reply.status(201).header('location', `/follow-ups/${view.id}`);
    return view;
  }

  @Get('requests/:id/follow-ups')
  @ApiOperation({ summary: 'The follow-up visits of a request' })
  @ApiRoles(['member-analyst', 'assistance-coordinator'])
  @ApiOkResponse({ type: FollowUpListView })
  @ApiProblems({ 404: ['request_not_found'] })
  async ofRequest(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<FollowUpListView> {
    return { items: await this.visits.ofRequest(caller, id) };
  }

  @Get('follow-ups')
  @ApiOperation({
    summary: 'Follow-up visits the caller may see, by planned date',
    description: "A coordinator: all; a member-analyst: its Member's; an expert: those of missions assigned to them; anyone else: none.",
  })
  @ApiRoles(['assistance-coordinator', 'member-analyst', 'expert'])
  @ApiOkResponse({ type: FollowUpListView })
  async list(@CurrentPrincipal() caller: Principal, @Query() q: FollowUpQueryDto): Promise<FollowUpListView> {
    return { items: await this.visits.list(caller, q.status) };
  }

  @Get('follow-ups/:id')
  @ApiOperation({ summary: 'A follow-up visit' })
  @ApiRoles(['assistance-coordinator', 'member-analyst', 'expert'])
  @ApiOkResponse({ type: FollowUpView })
  @ApiProblems({ 404: ['follow_up_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<FollowUpView> {
    return this.visits.get(caller, id);
  }

  @Post('follow-ups/:id/transitions')
  @Roles('assistance-coordinator')
  @ApiOperation({
    summary: 'Record the visit done (with its outcome) or cancelled',
    description: 'planned -> done | cancelled; both are final. Optimistic: `version` must be the current one.',
  })
  @ApiOkResponse({ type: FollowUpView })
  @ApiProblems({
    403: ['forbidden'],
    404: ['follow_up_not_found'],
    409: ['illegal_follow_up_transition', 'version_conflict'],
    422: ['transition_precondition_failed'],
  })
  async transition(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: FollowUpTransitionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpView> {
    const view = await this.visits.transition(caller, id, dto);
    void reply.status(200);
    return view;
  }
}
