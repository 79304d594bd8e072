import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { CreateMissionDto, MissionView } from './dto/mission.dto';
import { MissionsService } from './missions.service';

@ApiTags('missions')
@Controller('missions')
export class MissionsController {
  constructor(private readonly missions: MissionsService) {}

  @Post()
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Create a mission (version 1) and emit its created event' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: MissionView })
  @ApiBadRequestResponse({ description: 'validation_failed (every invalid field listed), invalid_idempotency_key' })
  @ApiUnprocessableEntityResponse({ description: 'idempotency_key_reused: the key was used with another body' })
  @ApiConflictResponse({ description: 'idempotency_request_in_progress: the first request with this key is still running' })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateMissionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionView> {
    const { view, replayed } = await this.missions.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/missions/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A mission the caller may see' })
  @ApiOkResponse({ type: MissionView })
  @ApiBadRequestResponse({ description: 'validation_failed: the id is not a UUID' })
  @ApiNotFoundResponse({ description: 'mission_not_found: no such mission, or not visible to the caller' })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<MissionView> {
    return this.missions.get(caller, id);
  }
}
