import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { register } from 'prom-client';
import { NotFoundError, UnauthorizedError } from '../errors/domain.errors';
import { Public } from '../public.decorator';
import { METRICS_ACCESS, MetricsAccess, metricsTokenAccepted } from './metrics-access';

/**
 * Prometheus scrape endpoint: prom-client's default registry, which every lib registers its metrics on. Behind
 * METRICS_TOKEN when one is set; absent (404, as an unknown route) when metrics have a port of their own.
 */
@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_ACCESS) private readonly access: MetricsAccess) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics of this instance',
    description:
      "Prometheus text exposition format (scraped by the platform's Prometheus). With METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>` (401 `metrics_token_required`); with METRICS_PORT set it is served on that port only (404 here).",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Metrics in the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
  async metrics(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (this.access.port !== undefined) throw new NotFoundError('Cannot GET /metrics');
    if (!metricsTokenAccepted(this.access, request.headers)) {
      throw new UnauthorizedError('/metrics needs the metrics bearer token (METRICS_TOKEN)', {
        code: 'metrics_token_required',
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    void reply.header('content-type', register.contentType);
    return register.metrics();
  }
}
