import { READERS } from '../access/finance-access';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { AuditFollowUpService } from './audit-follow-up.service';
import { AuditPlanService } from './audit-plan.service';
import {
  ActionPlanDto,
  AddRecommendationsDto,
  AuditPlanPageView,
  AuditPlanQueryDto,
  AuditPlanView,
  CreateAuditPlanDto,
  CreateEngagementDto,
  CreateFindingDto,
  DueDateDto,
  EngagementPageView,
  EngagementQueryDto,
  EngagementTransitionDto,
  EngagementView,
  FindingPageView,
  FindingQueryDto,
  FindingView,
  PlanTransitionDto,
  RecommendationPageView,
  RecommendationQueryDto,
  RecommendationTransitionDto,
  RecommendationView,
} from './dto/audit-plan.dto';

/** Who reads audit work: everyone who reads the books (the plan and its findings hold no personal data). */
const READ = READERS;
const FORBIDDEN = { 403: ['insufficient_role'] };
const MOVE = { ...FORBIDDEN, 409: ['invalid_transition'], 422: ['reason_required'] };

@ApiTags('audit plan')
@Controller('audit-plans')
export class AuditPlansController {
  constructor(private readonly plans: AuditPlanService) {}

  @Post()
  @Roles('auditor')
  @ApiOperation({
    summary: 'Draft a version of the annual audit plan of a fiscal year (auditors)',
    description: 'Versions are numbered per year. Same id + same body → the same plan (200); same id + another body → 409 id_reused.',
  })
  @ApiOkResponse({ type: AuditPlanView, description: 'The plan (201 when created)' })
  @ApiProblems({ ...FORBIDDEN, 409: ['id_reused'] })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateAuditPlanDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditPlanView> {
    const { view, created } = await this.plans.createPlan(caller, dto);
    void reply.status(created ? 201 : 200).header('location', `/audit-plans/${view.id}`);
    return view;
  }

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Audit plan versions, newest first (filters: fiscalYear, status)' })
  @ApiOkResponse({ type: AuditPlanPageView })
  list(@Query() query: AuditPlanQueryDto): Promise<AuditPlanPageView> {
    return this.plans.listPlans(query);
  }

  @Get(':id')
  @ApiUuidParam('id', 'The audit plan')
  @Roles(...READ)
  @ApiOperation({ summary: 'One audit plan version with its history (superseded versions stay readable)' })
  @ApiOkResponse({ type: AuditPlanView })
  @ApiProblems({ 404: ['audit_plan_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<AuditPlanView> {
    return this.plans.getPlan(id);
  }

  @Post(':id/transitions')
  @ApiUuidParam('id', 'The audit plan')
  @HttpCode(200)
  @Roles('auditor', 'audit-committee')
  @ApiOperation({
    summary: 'Submit (auditors), agree or return to draft (Audit Committee: audit-committee) an audit plan',
    description:
      'draft → submitted (auditor); submitted → agreed or → draft with a reason (audit-committee). Agreeing supersedes the plan in force for the year. From submission the engagements are fixed.',
  })
  @ApiOkResponse({ type: AuditPlanView })
  @ApiProblems({ ...MOVE, 404: ['audit_plan_not_found'] })
  transition(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: PlanTransitionDto,
  ): Promise<AuditPlanView> {
    return this.plans.transitionPlan(caller, id, dto.to, dto.reason);
  }

  @Post(':id/engagements')
  @ApiUuidParam('id', 'The audit plan (a draft version)')
  @Roles('auditor')
  @ApiOperation({ summary: 'Add an engagement to a draft plan version (auditors)', description: 'Same id + same body → 200 with it.' })
  @ApiOkResponse({ type: EngagementView, description: 'The engagement (201 when created)' })
  @ApiProblems({ ...FORBIDDEN, 404: ['audit_plan_not_found'], 409: ['plan_locked', 'id_reused'] })
  async addEngagement(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateEngagementDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EngagementView> {
    const { view, created } = await this.plans.addEngagement(caller, id, dto);
    void reply.status(created ? 201 : 200).header('location', `/audit-engagements/${view.id}`);
    return view;
  }
}

@ApiTags('audit plan')
@Controller('audit-engagements')
export class AuditEngagementsController {
  constructor(
    private readonly plans: AuditPlanService,
    private readonly followUp: AuditFollowUpService,
  ) {}

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Engagements, newest first (filters: planId, fiscalYear, status)' })
  @ApiOkResponse({ type: EngagementPageView })
  list(@Query() query: EngagementQueryDto): Promise<EngagementPageView> {
    return this.plans.listEngagements(query);
  }

  @Get(':id')
  @ApiUuidParam('id', 'The engagement')
  @Roles(...READ)
  @ApiOperation({ summary: 'One engagement with its history (every move, who, when, why)' })
  @ApiOkResponse({ type: EngagementView })
  @ApiProblems({ 404: ['audit_engagement_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<EngagementView> {
    return this.plans.getEngagement(id);
  }

  @Post(':id/transitions')
  @ApiUuidParam('id', 'The engagement')
  @HttpCode(200)
  @Roles('auditor', 'finance-officer')
  @ApiOperation({
    summary: 'Move an engagement one step',
    description:
      'planned → fieldwork → draft_report (auditor) → management_response (finance officer of the Secretariat) → final_report (auditor). Needs an agreed plan.',
  })
  @ApiOkResponse({ type: EngagementView })
  @ApiProblems({ ...MOVE, 404: ['audit_engagement_not_found'], 409: ['invalid_transition', 'plan_not_agreed'] })
  transition(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: EngagementTransitionDto,
  ): Promise<EngagementView> {
    return this.plans.transitionEngagement(caller, id, dto.to, dto.reason);
  }

  @Post(':id/findings')
  @ApiUuidParam('id', 'The engagement (in fieldwork or at draft report)')
  @Roles('auditor')
  @ApiOperation({ summary: 'Record a finding with its recommendations (auditors)', description: 'Same id + same body → 200 with it.' })
  @ApiOkResponse({ type: FindingView, description: 'The finding (201 when created)' })
  @ApiProblems({ ...FORBIDDEN, 404: ['audit_engagement_not_found'], 409: ['engagement_state_conflict', 'id_reused'] })
  async recordFinding(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateFindingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const { view, created } = await this.followUp.recordFinding(caller, id, dto);
    void reply.status(created ? 201 : 200).header('location', `/audit-findings/${view.id}`);
    return view;
  }
}

@ApiTags('audit plan')
@Controller('audit-findings')
export class AuditFindingsController {
  constructor(private readonly followUp: AuditFollowUpService) {}

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Findings with their recommendations, newest first (filters: engagementId, severity)' })
  @ApiOkResponse({ type: FindingPageView })
  list(@Query() query: FindingQueryDto): Promise<FindingPageView> {
    return this.followUp.listFindings(query);
  }

  @Get(':id')
  @ApiUuidParam('id', 'The finding')
  @Roles(...READ)
  @ApiOperation({ summary: 'One finding with its recommendations' })
  @ApiOkResponse({ type: FindingView })
  @ApiProblems({ 404: ['audit_finding_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<FindingView> {
    return this.followUp.getFinding(id);
  }

  @Post(':id/recommendations')
  @ApiUuidParam('id', 'The finding (its engagement in fieldwork or at draft report)')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Add recommendations to a finding (auditors)',
    description: 'The same recommendations again (same ids and content) → 200 with the finding; an id used elsewhere → 409 id_reused.',
  })
  @ApiOkResponse({ type: FindingView, description: 'The finding with all its recommendations (201 when added)' })
  @ApiProblems({ ...FORBIDDEN, 404: ['audit_finding_not_found'], 409: ['engagement_state_conflict', 'id_reused'] })
  async addRecommendations(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: AddRecommendationsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const { view, created } = await this.followUp.addRecommendations(caller, id, dto);
    void reply.status(created ? 201 : 200).header('location', `/audit-findings/${id}`);
    return view;
  }
}

@ApiTags('audit plan')
@ApiUuidParam('id', 'The recommendation')
@Controller('audit-recommendations')
export class AuditRecommendationsController {
  constructor(private readonly followUp: AuditFollowUpService) {}

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Recommendations, newest first (filters: status, overdue, severity, priority, owner, engagementId)' })
  @ApiOkResponse({ type: RecommendationPageView })
  list(@Query() query: RecommendationQueryDto): Promise<RecommendationPageView> {
    return this.followUp.listRecommendations(query);
  }

  @Get(':id')
  @Roles(...READ)
  @ApiOperation({ summary: 'One recommendation with every action plan version and its full history' })
  @ApiOkResponse({ type: RecommendationView })
  @ApiProblems({ 404: ['audit_recommendation_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<RecommendationView> {
    return this.followUp.getRecommendation(id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('auditor', 'finance-officer', 'audit-committee')
  @ApiOperation({
    summary: 'Move a recommendation',
    description:
      'open → in_progress → implemented (finance officer of the Secretariat); implemented → closed (auditor, verified) or → in_progress with a reason (auditor, not verified); open, in_progress or implemented → risk_accepted with the justification in `reason` (audit-committee). Who reported it implemented does not verify it (403 self_verification).',
  })
  @ApiOkResponse({ type: RecommendationView })
  @ApiProblems({ ...MOVE, 403: ['insufficient_role', 'self_verification'], 404: ['audit_recommendation_not_found'] })
  transition(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: RecommendationTransitionDto,
  ): Promise<RecommendationView> {
    return this.followUp.transitionRecommendation(caller, id, dto.to, dto.reason);
  }

  @Put(':id/action-plan')
  @Roles('finance-officer')
  @ApiOperation({
    summary: "Management's action plan (finance officers of the Secretariat)",
    description: 'Each change is a new version (all kept); the same plan again changes nothing.',
  })
  @ApiOkResponse({ type: RecommendationView })
  @ApiProblems({ ...FORBIDDEN, 404: ['audit_recommendation_not_found'], 409: ['recommendation_state_conflict'] })
  putActionPlan(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: ActionPlanDto,
  ): Promise<RecommendationView> {
    return this.followUp.putActionPlan(caller, id, dto);
  }

  @Post(':id/due-date')
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({ summary: 'Move the due date, with the reason (auditors); ends the current overdue episode' })
  @ApiOkResponse({ type: RecommendationView })
  @ApiProblems({ ...FORBIDDEN, 404: ['audit_recommendation_not_found'], 409: ['recommendation_state_conflict'] })
  changeDueDate(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: DueDateDto,
  ): Promise<RecommendationView> {
    return this.followUp.changeDueDate(caller, id, dto);
  }
}
