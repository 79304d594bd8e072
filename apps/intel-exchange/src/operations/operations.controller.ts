import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { AdmitParticipantDto, CreateOperationDto, OperationView, TransitionOperationDto } from './dto/operation.dto';
import { OperationsService } from './operations.service';
import { ValidationFailedError } from '@wco/http';
import { isMemberCode } from '../domain/validators';

@ApiTags('operations')
@Controller('operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Post()
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'Create a joint operation (planned), with its participants and report template' })
  create(@CurrentPrincipal() caller: Principal, @Body() dto: CreateOperationDto): Promise<OperationView> {
    return this.operations.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Operations the caller coordinates or takes part in' })
  list(@CurrentPrincipal() caller: Principal): Promise<OperationView[]> {
    return this.operations.list(caller);
  }

  @Get(':id')
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<OperationView> {
    return this.operations.get(caller, id);
  }

  @Post(':id/participants')
  @HttpCode(200)
  @Roles('operation-coordinator')
  admit(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AdmitParticipantDto): Promise<OperationView> {
    return this.operations.admit(caller, id, dto.member);
  }

  @Delete(':id/participants/:member')
  @Roles('operation-coordinator')
  remove(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('member') member: string): Promise<OperationView> {
    if (!isMemberCode(member)) throw new ValidationFailedError([{ field: 'member', reason: 'must be a WCO Member code (ISO 3166-1 alpha-2 or EU)' }]);
    return this.operations.remove(caller, id, member);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'Move the operation on: planned -> active -> closed -> archived' })
  transition(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TransitionOperationDto): Promise<OperationView> {
    return this.operations.transition(caller, id, dto.state);
  }
}
