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
import { CreatePublicationDto, PublicationView } from './dto/publication.dto';
import { PublicationsService } from './publications.service';

@ApiTags('publications')
@Controller('publications')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Create a publication (version 1) and emit its created event' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: PublicationView })
  @ApiBadRequestResponse({ description: 'validation_failed (every invalid field listed), invalid_idempotency_key' })
  @ApiUnprocessableEntityResponse({ description: 'idempotency_key_reused: the key was used with another body' })
  @ApiConflictResponse({ description: 'idempotency_request_in_progress: the first request with this key is still running' })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreatePublicationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublicationView> {
    const { view, replayed } = await this.publications.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/publications/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A publication the caller may see' })
  @ApiOkResponse({ type: PublicationView })
  @ApiBadRequestResponse({ description: 'validation_failed: the id is not a UUID' })
  @ApiNotFoundResponse({ description: 'publication_not_found: no such publication, or not visible to the caller' })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<PublicationView> {
    return this.publications.get(caller, id);
  }
}
