import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { CreateExpertDto, ExpertListView, ExpertSearchDto, ExpertView, UpdateExpertDto } from './dto/expert.dto';
import { ExpertsService } from './experts.service';

@ApiTags('experts')
@Controller('experts')
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @Post()
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Put an accredited expert on the roster' })
  @ApiCreatedResponse({ type: ExpertView })
  @ApiProblems({ 403: ['forbidden'], 409: ['expert_already_registered'], 422: ['transition_precondition_failed'] })
  async register(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateExpertDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExpertView> {
    const view = await this.experts.register(caller, dto);
    void reply.status(201);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'Search the roster by language, thematic area and availability (coordinators; others get an empty list)' })
  @ApiRoles(['assistance-coordinator'])
  @ApiOkResponse({ type: ExpertListView })
  @ApiProblems({ 422: ['transition_precondition_failed'] })
  async search(@CurrentPrincipal() caller: Principal, @Query() q: ExpertSearchDto): Promise<ExpertListView> {
    return { items: await this.experts.search(caller, q) };
  }

  @Patch(':id')
  @Roles('assistance-coordinator')
  @ApiUuidParam('id', 'The roster entry')
  @ApiOperation({ summary: 'Deactivate an expert, renew the accreditation, or change languages and areas' })
  @ApiOkResponse({ type: ExpertView })
  @ApiProblems({ 404: ['expert_not_found'], 422: ['transition_precondition_failed'] })
  update(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateExpertDto): Promise<ExpertView> {
    return this.experts.update(caller, id, dto);
  }

  @Get('me')
  @Roles('expert')
  @ApiOperation({ summary: "The calling expert's roster entry" })
  @ApiOkResponse({ type: ExpertView })
  @ApiProblems({ 404: ['expert_not_found'] })
  me(@CurrentPrincipal() caller: Principal): Promise<ExpertView> {
    return this.experts.meView(caller);
  }
}
