import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import { EvaluationDto, EvaluationView } from './dto/evaluation.dto';
import { EvaluationService } from './evaluation.service';

@ApiTags('evaluation')
@ApiUuidParam('id', 'The request')
@Controller('requests/:id/evaluation')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Put()
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Record the OECD-DAC evaluation of a delivered request (state evaluation)' })
  @ApiOkResponse({ type: EvaluationView })
  @ApiProblems({ 403: ['forbidden'], 404: ['request_not_found'], 409: ['request_state_conflict'] })
  record(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: EvaluationDto,
  ): Promise<EvaluationView> {
    return this.evaluation.record(caller, id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The evaluation of a request' })
  @ApiRoles(['member-analyst', 'assistance-coordinator'])
  @ApiOkResponse({ type: EvaluationView })
  @ApiProblems({ 404: ['request_not_found', 'evaluation_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<EvaluationView> {
    return this.evaluation.get(caller, id);
  }
}
