import { Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtVerifier } from '@wco/auth';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { ApiCatalogue } from '../openapi/api-catalogue';
import { mountEdge } from '../proxy/edge-proxy';
import { SharedRateLimitCounters } from '../proxy/shared-rate-limit';

/**
 * The edge: the proxied API routes (mounted on the app's Fastify instance once Nest has registered its own routes,
 * before the app listens) and the catalogue of the services' OpenAPI documents.
 */
@Module({ providers: [ApiCatalogue], exports: [ApiCatalogue] })
export class EdgeModule implements OnModuleInit, OnModuleDestroy {
  private readonly rateLimits?: SharedRateLimitCounters;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: GatewayConfig,
    private readonly verifier: JwtVerifier,
    private readonly catalogue: ApiCatalogue,
    dataSource: DataSource,
  ) {
    if (config.GATEWAY_RATE_LIMIT_SYNC_MS > 0) {
      this.rateLimits = new SharedRateLimitCounters(dataSource, config.GATEWAY_RATE_LIMIT_WINDOW_MS, config.GATEWAY_RATE_LIMIT_SYNC_MS);
    }
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    mountEdge(fastify, { config: this.config, verifier: this.verifier, catalogue: this.catalogue, rateLimits: this.rateLimits });
    this.rateLimits?.start();
    this.catalogue.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.rateLimits?.stop();
  }
}
