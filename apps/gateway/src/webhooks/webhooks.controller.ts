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
import { CreateWebhookDto, WebhookView } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('member-analyst')
  @ApiOperation({ summary: 'Create a webhook (version 1) and emit its created event' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: WebhookView })
  @ApiBadRequestResponse({ description: 'validation_failed (every invalid field listed), invalid_idempotency_key' })
  @ApiUnprocessableEntityResponse({ description: 'idempotency_key_reused: the key was used with another body' })
  @ApiConflictResponse({ description: 'idempotency_request_in_progress: the first request with this key is still running' })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookView> {
    const { view, replayed } = await this.webhooks.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/webhooks/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook the caller may see' })
  @ApiOkResponse({ type: WebhookView })
  @ApiBadRequestResponse({ description: 'validation_failed: the id is not a UUID' })
  @ApiNotFoundResponse({ description: 'webhook_not_found: no such webhook, or not visible to the caller' })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<WebhookView> {
    return this.webhooks.get(caller, id);
  }
}
