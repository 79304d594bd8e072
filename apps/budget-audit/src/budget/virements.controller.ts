import { READERS } from '../access/finance-access';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiUuidParam, ParseInt32Pipe, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { RequestVirementDto, VirementView } from './dto/virement.dto';
import { VirementsService } from './virements.service';

@ApiTags('budget')
@Controller()
export class VirementsController {
  constructor(private readonly virements: VirementsService) {}

  @Post('fiscal-years/:year/virements')
  @Roles('finance-officer')
  @ApiParam({ name: 'year', description: 'The fiscal year', schema: { type: 'integer', minimum: 2000, maximum: 2200 } })
  @ApiOperation({
    summary: 'Transfer appropriation between two lines (virement)',
    description:
      'Applied at once up to VIREMENT_APPROVAL_THRESHOLD_CENTS; above it, pending until the Finance Committee approves. Never more than the giving line has available.',
  })
  @ApiOkResponse({ type: VirementView, description: 'The virement (201 when created)' })
  @ApiProblems({
    403: ['insufficient_role'],
    409: ['id_reused'],
    422: ['same_line', 'unknown_line', 'insufficient_funds', 'unknown_fiscal_year', 'fiscal_year_not_open', 'fiscal_year_closed'],
  })
  async request(
    @CurrentPrincipal() caller: Principal,
    @Param('year', new ParseInt32Pipe({ min: 2000, max: 2200 })) year: number,
    @Body() dto: RequestVirementDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VirementView> {
    const { view, created } = await this.virements.request(caller, year, dto);
    void reply.status(created ? 201 : 200).header('location', `/virements/${view.id}`);
    return view;
  }

  @Get('virements/:id')
  @Roles(...READERS)
  @ApiUuidParam('id', 'The virement')
  @ApiOperation({ summary: 'One virement' })
  @ApiOkResponse({ type: VirementView })
  @ApiProblems({ 404: ['virement_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<VirementView> {
    return this.virements.get(id);
  }

  @Post('virements/:id/approve')
  @HttpCode(200)
  @Roles('finance-committee')
  @ApiUuidParam('id', 'The virement')
  @ApiOperation({ summary: 'Approve and apply a pending virement above the threshold' })
  @ApiOkResponse({ type: VirementView })
  @ApiProblems({
    404: ['virement_not_found'],
    409: ['invalid_transition'],
    422: ['insufficient_funds', 'fiscal_year_not_open', 'fiscal_year_closed'],
  })
  approve(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<VirementView> {
    return this.virements.approve(caller, id);
  }
}
