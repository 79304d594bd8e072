import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, PageQueryDto, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import {
  CreateWebhookDto,
  DeliveryPage,
  DeliveryView,
  WebhookListQueryDto,
  WebhookPage,
  WebhookView,
  WebhookWithSecretView,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/**
 * A Member's webhook endpoints: its notifications POSTed to a URL of its own, signed per Standard Webhooks. Every
 * route answers for the caller's organisation only; another organisation's endpoint is a 404 like a missing one.
 */
@ApiTags('webhooks')
@ApiRoles(['member-analyst'], { enforced: true })
@Roles('member-analyst')
@ApiUuidParam('id', 'The webhook endpoint')
@ApiUuidParam('deliveryId', 'A delivery of the endpoint')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a webhook endpoint; the answer carries its signing secret, shown this once',
    description:
      'The URL must be https and resolve to public addresses only (checked now and before every delivery); redirects are not followed. ' +
      'A retry with the same Idempotency-Key answers the endpoint without the secret.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first answer (without the secret)',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretView })
  @ApiProblems({
    400: ['validation_failed', 'webhook_url_refused', 'invalid_idempotency_key'],
    409: ['idempotency_request_in_progress'],
    422: ['idempotency_key_reused'],
  })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookView> {
    const { view, replayed } = await this.webhooks.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/webhooks/${view.id}`).header('cache-control', 'no-store');
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s organisation’s webhook endpoints, newest first' })
  @ApiOkResponse({ type: WebhookPage })
  @ApiProblems({ 400: ['validation_failed', 'invalid_cursor'] })
  list(@CurrentPrincipal() caller: Principal, @Query() query: WebhookListQueryDto): Promise<WebhookPage> {
    return this.webhooks.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook endpoint of the caller’s organisation (never its secret)' })
  @ApiOkResponse({ type: WebhookView })
  @ApiProblems({ 404: ['webhook_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<WebhookView> {
    return this.webhooks.get(caller, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook endpoint with its delivery log' })
  @ApiNoContentResponse()
  @ApiProblems({ 404: ['webhook_not_found'] })
  async delete(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.webhooks.delete(caller, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the signing secret; the new one is shown this once',
    description: 'During the grace period (previousSecretValidUntil) deliveries carry a signature with each secret.',
  })
  @ApiOkResponse({ type: WebhookWithSecretView })
  @ApiProblems({ 404: ['webhook_not_found'] })
  async rotate(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookWithSecretView> {
    void reply.header('cache-control', 'no-store');
    return this.webhooks.rotateSecret(caller, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable an endpoint disabled for failing; its pending deliveries resume in order' })
  @ApiOkResponse({ type: WebhookView })
  @ApiProblems({ 400: ['webhook_url_refused'], 404: ['webhook_not_found'] })
  enable(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<WebhookView> {
    return this.webhooks.enable(caller, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: each delivery, newest first, with its attempts (status, latency, error)' })
  @ApiOkResponse({ type: DeliveryPage })
  @ApiProblems({ 400: ['validation_failed', 'invalid_cursor'], 404: ['webhook_not_found'] })
  deliveries(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<DeliveryPage> {
    return this.webhooks.deliveries(caller, id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @ApiOperation({ summary: 'Send a delivery’s notification again (a new delivery, queued behind the endpoint’s pending ones)' })
  @ApiCreatedResponse({ type: DeliveryView })
  @ApiProblems({ 404: ['webhook_not_found', 'delivery_not_found'] })
  redeliver(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Param('deliveryId', ParseUuidPipe) deliveryId: string,
  ): Promise<DeliveryView> {
    return this.webhooks.redeliver(caller, id, deliveryId);
  }
}
