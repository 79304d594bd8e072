import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, PageQueryDto, ParseUuidPipe } from '@wco/http';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreateRequestDto, NeedsAssessmentDto, RequestPageView, RequestView, TransitionDto } from './dto/request.dto';
import { REQUEST_STATES } from './request-workflow';
import type { RequestState } from './request-workflow';
import { RequestsService } from './requests.service';

export class RequestPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATES })
  @IsOptional()
  @IsIn(REQUEST_STATES)
  state?: RequestState;
}

export class NeedsAssessmentBodyDto extends NeedsAssessmentDto {
  @ApiProperty({ minimum: 1, description: 'The version the caller last read' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;
}

@ApiTags('requests')
@ApiUuidParam('id', 'The request')
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @Roles('member-analyst')
  @ApiOperation({
    summary: "Draft an assistance request for the caller's Member (state draft)",
    description: 'The contact is personal data: stored apart, shown on GET /requests/{id} only, never in events or in this answer.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: RequestView })
  @ApiProblems({
    403: ['forbidden'],
    422: ['transition_precondition_failed', 'idempotency_key_reused'],
    409: ['idempotency_request_in_progress'],
  })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RequestView> {
    const { view, replayed } = await this.requests.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/requests/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get()
  @ApiOperation({
    summary: 'Requests the caller may see, newest first',
    description: "A member-analyst: its Member's; a WCO assistance-coordinator: all; anyone else: none.",
  })
  @ApiRoles(['member-analyst', 'assistance-coordinator'])
  @ApiOkResponse({ type: RequestPageView })
  list(@CurrentPrincipal() caller: Principal, @Query() query: RequestPageQueryDto): Promise<RequestPageView> {
    return this.requests.list(caller, query.limit, query.cursor, query.state);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A request with its contact and its history (who moved it, when, why)' })
  @ApiRoles(['member-analyst', 'assistance-coordinator'])
  @ApiOkResponse({ type: RequestView })
  @ApiProblems({ 404: ['request_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<RequestView> {
    return this.requests.get(caller, id);
  }

  @Post(':id/transitions')
  @Roles('member-analyst', 'assistance-coordinator')
  @ApiOperation({
    summary: 'Move the request along its workflow',
    description:
      'Optimistic: `version` must be the current one (else 409 version_conflict). A move the workflow does not have is 409 illegal_transition with `allowedTransitions`; one the caller may not make is 403 transition_forbidden.',
  })
  @ApiOkResponse({ type: RequestView })
  @ApiProblems({
    403: ['transition_forbidden'],
    404: ['request_not_found'],
    409: ['illegal_transition', 'version_conflict'],
    422: ['transition_precondition_failed'],
  })
  async transition(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: TransitionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RequestView> {
    const view = await this.requests.transition(caller, id, dto);
    void reply.status(200);
    return view;
  }

  @Put(':id/needs-assessment')
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Record the needs assessment (findings, gaps, recommended interventions with priority)' })
  @ApiOkResponse({ type: RequestView })
  @ApiProblems({ 403: ['transition_forbidden'], 404: ['request_not_found'], 409: ['request_state_conflict', 'version_conflict'] })
  assess(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: NeedsAssessmentBodyDto,
  ): Promise<RequestView> {
    const { version, ...assessment } = dto;
    return this.requests.assessNeeds(caller, id, version, assessment);
  }
}
