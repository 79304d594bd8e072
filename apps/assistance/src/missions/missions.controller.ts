import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import {
  AssignExpertDto,
  CancelMissionDto,
  CreateMissionDto,
  DeliveryDto,
  FundingRequestDto,
  LogisticsMoveDto,
  MissionHistoryView,
  MissionListView,
  MissionView,
} from './dto/mission.dto';
import { MissionsService } from './missions.service';

@ApiTags('missions')
@ApiUuidParam('id', 'The request or mission')
@Controller()
export class MissionsController {
  constructor(private readonly missions: MissionsService) {}

  @Post('requests/:id/missions')
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Plan a mission for an approved request, with its cost estimate and budget line' })
  @ApiCreatedResponse({ type: MissionView })
  @ApiProblems({ 403: ['forbidden'], 404: ['request_not_found'], 409: ['request_state_conflict'], 422: ['transition_precondition_failed'] })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateMissionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const view = await this.missions.create(caller, id, dto);
    void reply.status(201).header('location', `/missions/${view.id}`);
    return view;
  }

  @Get('missions')
  @ApiOperation({
    summary: 'Missions the caller may see',
    description: "A coordinator: all; a member-analyst: its Member's; an expert: those assigned to them.",
  })
  @ApiRoles(['assistance-coordinator', 'member-analyst', 'expert'])
  @ApiOkResponse({ type: MissionListView })
  async list(@CurrentPrincipal() caller: Principal): Promise<MissionListView> {
    return { items: await this.missions.list(caller) };
  }

  @Get('missions/:id')
  @ApiOperation({ summary: 'A mission, with its funding status in the saga' })
  @ApiRoles(['assistance-coordinator', 'member-analyst', 'expert'])
  @ApiOkResponse({ type: MissionView })
  @ApiProblems({ 404: ['mission_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<MissionView> {
    return this.missions.get(caller, id);
  }

  @Post('missions/:id/funding-request')
  @Roles('assistance-coordinator')
  @ApiOperation({
    summary: 'Approve the mission for funding: emits funding.requested; the mission is funding pending until budget-audit answers',
  })
  @ApiOkResponse({ type: MissionView })
  @ApiProblems({ 403: ['forbidden'], 404: ['mission_not_found'], 409: ['mission_state_conflict', 'request_state_conflict'] })
  async requestFunding(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: FundingRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const view = await this.missions.requestFunding(caller, id, dto);
    void reply.status(200);
    return view;
  }

  @Post('missions/:id/delivery')
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Report the mission delivered with its actual cost and report: emits funding.cost_posted' })
  @ApiOkResponse({ type: MissionView })
  @ApiProblems({ 403: ['forbidden'], 404: ['mission_not_found'], 409: ['mission_state_conflict'] })
  async deliver(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: DeliveryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const view = await this.missions.deliver(caller, id, dto);
    void reply.status(200);
    return view;
  }

  @Post('missions/:id/cancellation')
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Cancel the mission: emits funding.cancelled when something was requested or reserved' })
  @ApiOkResponse({ type: MissionView })
  @ApiProblems({ 403: ['forbidden'], 404: ['mission_not_found'], 409: ['mission_state_conflict'] })
  async cancel(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CancelMissionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const view = await this.missions.cancel(caller, id, dto);
    void reply.status(200);
    return view;
  }

  @Post('missions/:id/experts')
  @Roles('assistance-coordinator')
  @ApiOperation({
    summary: 'Assign a roster expert',
    description:
      'Refused (422 expert_assignment_refused) with every reason: conflict_of_interest, overlapping_mission, language_missing, thematic_area_missing, accreditation_expired, expert_inactive.',
  })
  @ApiOkResponse({ type: MissionView })
  @ApiProblems({
    403: ['forbidden'],
    404: ['mission_not_found', 'expert_not_found'],
    409: ['mission_state_conflict'],
    422: ['expert_assignment_refused'],
  })
  async assign(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: AssignExpertDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const view = await this.missions.assignExpert(caller, id, dto);
    void reply.status(200);
    return view;
  }

  @Post('missions/:id/logistics')
  @Roles('assistance-coordinator', 'expert')
  @ApiOperation({
    summary: "Move the mission's logistics: not_started -> travel_booked -> visas_obtained -> venue_confirmed -> ready",
    description:
      'One step forward, or back to any earlier step with a reason. Coordinators take any move; an expert assigned to the mission reports travel_booked and visas_obtained. Optimistic: `version` is the mission version last read. Recorded in the mission history.',
  })
  @ApiOkResponse({ type: MissionView })
  @ApiProblems({
    403: ['transition_forbidden'],
    404: ['mission_not_found'],
    409: ['illegal_logistics_move', 'mission_state_conflict', 'version_conflict'],
    422: ['transition_precondition_failed'],
  })
  async moveLogistics(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: LogisticsMoveDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const view = await this.missions.moveLogistics(caller, id, dto);
    void reply.status(200);
    return view;
  }

  @Get('missions/:id/history')
  @ApiOperation({
    summary: "The mission's history: planning, funding requests and answers, automatic re-requests, logistics, state changes",
  })
  @ApiRoles(['assistance-coordinator', 'member-analyst', 'expert'])
  @ApiOkResponse({ type: MissionHistoryView })
  @ApiProblems({ 404: ['mission_not_found'] })
  history(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<MissionHistoryView> {
    return this.missions.history(caller, id);
  }
}
