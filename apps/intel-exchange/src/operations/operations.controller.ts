import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import { API_ENUMS } from '../common/api-properties';
import { OperationViewSchema } from './dto/operation.responses';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { AdmitParticipantDto, CreateOperationDto, OperationView, TransitionOperationDto } from './dto/operation.dto';
import { ReportTemplateDto } from './dto/operation-template.dto';
import { OperationsService } from './operations.service';
import { ValidationFailedError } from '@wco/http';
import { isMemberCode } from '../domain/validators';

@ApiTags('operations')
@ApiUuidParam('id', 'The operation')
@Controller('operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Post()
  @Roles('operation-coordinator')
  @ApiOperation({
    summary: 'Create a joint operation (planned), with its participants and report template',
    description: "The caller's organisation coordinates it.",
  })
  @ApiCreatedResponse({ type: OperationViewSchema, description: 'The new operation' })
  create(@CurrentPrincipal() caller: Principal, @Body() dto: CreateOperationDto): Promise<OperationView> {
    return this.operations.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Operations the caller coordinates or takes part in', description: 'Newest first, at most 500.' })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask: it gets the operations its organisation takes part in and, as operation-coordinator, those it coordinates.',
  })
  @ApiOkResponse({ type: OperationViewSchema, isArray: true, description: 'The operations' })
  list(@CurrentPrincipal() caller: Principal): Promise<OperationView[]> {
    return this.operations.list(caller);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One operation',
    description: 'An operation the caller neither coordinates nor takes part in is answered like one that does not exist.',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller whose organisation takes part in the operation, or coordinates it as operation-coordinator.',
  })
  @ApiOkResponse({ type: OperationViewSchema, description: 'The operation' })
  @ApiProblems({ 404: ['operation_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<OperationView> {
    return this.operations.get(caller, id);
  }

  @Post(':id/participants')
  @HttpCode(200)
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'Admit a Member to the operation', description: 'Admitting a participant again changes nothing.' })
  @ApiOkResponse({ type: OperationViewSchema, description: 'The operation' })
  @ApiProblems({ 403: ['not_operation_coordinator'], 404: ['operation_not_found'], 409: ['operation_frozen'] })
  admit(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: AdmitParticipantDto,
  ): Promise<OperationView> {
    return this.operations.admit(caller, id, dto.member);
  }

  @Delete(':id/participants/:member')
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'Remove a Member from the operation', description: 'Removing an absent Member changes nothing.' })
  @ApiParam({ name: 'member', description: 'The Member to remove', ...API_ENUMS.member })
  @ApiOkResponse({ type: OperationViewSchema, description: 'The operation' })
  @ApiProblems({ 400: ['validation_failed'], 403: ['not_operation_coordinator'], 404: ['operation_not_found'], 409: ['operation_frozen'] })
  remove(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Param('member') member: string,
  ): Promise<OperationView> {
    if (!isMemberCode(member))
      throw new ValidationFailedError([{ field: 'member', reason: 'must be a WCO Member code (ISO 3166-1 alpha-2 or EU)' }]);
    return this.operations.remove(caller, id, member);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'Move the operation on: planned -> active -> closed -> archived', description: 'Only to the next state.' })
  @ApiOkResponse({ type: OperationViewSchema, description: 'The operation' })
  @ApiProblems({ 403: ['not_operation_coordinator'], 404: ['operation_not_found'], 409: ['illegal_operation_transition'] })
  transition(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: TransitionOperationDto,
  ): Promise<OperationView> {
    return this.operations.transition(caller, id, dto.state);
  }

  @Put(':id/report-template')
  @Roles('operation-coordinator')
  @ApiOperation({
    summary: 'Replace the report fields the operation requires',
    description:
      'Until the operation is closed. Reports attached from now on, and new versions of attached reports, must fill them; earlier versions are not judged again. The same fields again change nothing.',
  })
  @ApiOkResponse({ type: OperationViewSchema, description: 'The operation' })
  @ApiProblems({ 403: ['not_operation_coordinator'], 404: ['operation_not_found'], 409: ['operation_frozen'] })
  setReportTemplate(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: ReportTemplateDto,
  ): Promise<OperationView> {
    return this.operations.setRequiredFields(caller, id, dto.requiredFields);
  }
}
