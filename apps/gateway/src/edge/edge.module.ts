import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtVerifier } from '@wco/auth';
import type { FastifyInstance } from 'fastify';
import { GatewayConfig } from '../config/gateway.config';
import { ApiCatalogue } from '../openapi/api-catalogue';
import { mountEdge } from '../proxy/edge-proxy';

/**
 * The edge: the proxied API routes (mounted on the app's Fastify instance once Nest has registered its own routes,
 * before the app listens) and the catalogue of the services' OpenAPI documents.
 */
@Module({ providers: [ApiCatalogue], exports: [ApiCatalogue] })
export class EdgeModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: GatewayConfig,
    private readonly verifier: JwtVerifier,
    private readonly catalogue: ApiCatalogue,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    mountEdge(fastify, { config: this.config, verifier: this.verifier, catalogue: this.catalogue });
    this.catalogue.start();
  }
}
