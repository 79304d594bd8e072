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
import { CreateLedgerDto, LedgerView } from './dto/ledger.dto';
import { LedgersService } from './ledgers.service';

@ApiTags('ledgers')
@Controller('ledgers')
export class LedgersController {
  constructor(private readonly ledgers: LedgersService) {}

  @Post()
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Create a ledger (version 1) and emit its created event' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: LedgerView })
  @ApiBadRequestResponse({ description: 'validation_failed (every invalid field listed), invalid_idempotency_key' })
  @ApiUnprocessableEntityResponse({ description: 'idempotency_key_reused: the key was used with another body' })
  @ApiConflictResponse({ description: 'idempotency_request_in_progress: the first request with this key is still running' })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateLedgerDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LedgerView> {
    const { view, replayed } = await this.ledgers.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/ledgers/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A ledger the caller may see' })
  @ApiOkResponse({ type: LedgerView })
  @ApiBadRequestResponse({ description: 'validation_failed: the id is not a UUID' })
  @ApiNotFoundResponse({ description: 'ledger_not_found: no such ledger, or not visible to the caller' })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<LedgerView> {
    return this.ledgers.get(caller, id);
  }
}
