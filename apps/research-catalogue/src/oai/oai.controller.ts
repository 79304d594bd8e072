import { Controller, Get, HttpCode, OnModuleInit, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@wco/auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { undecodableQueryParameters } from '../common/query-encoding';
import { FORM_MEDIA_TYPE, oaiFormArguments, useOaiFormBody } from './oai-form-body';
import { OaiService } from './oai.service';

/**
 * The OAI-PMH 2.0 endpoint. Public and anonymous by nature (harvesters carry no token): it shows only public
 * records out of embargo, whatever Authorization header comes with the request. Not in the OpenAPI document: its
 * contract is the OAI-PMH specification and schema, and every answer is 200 text/xml. GET takes the arguments from
 * the query string, POST from an `application/x-www-form-urlencoded` body; both give the same answers.
 */
@ApiExcludeController()
@Controller('oai')
export class OaiController implements OnModuleInit {
  constructor(
    private readonly oai: OaiService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    useOaiFormBody(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), '/oai');
  }

  @Get()
  @Public()
  async get(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const xml = await this.oai.handle(
      (request.query ?? {}) as Record<string, unknown>,
      new Date(),
      undecodableQueryParameters(request.url),
    );
    void reply.header('content-type', 'text/xml; charset=utf-8');
    return xml;
  }

  @Post()
  @Public()
  @HttpCode(200)
  async post(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', 'text/xml; charset=utf-8');
    const isForm = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === FORM_MEDIA_TYPE;
    // The arguments of a POST are its body's (§3.1.1.2); a query string beside them, or another body, is refused
    // in OAI-PMH's own terms (badArgument), as any other illegal request.
    const problem = !isForm
      ? `a POST request carries its arguments as ${FORM_MEDIA_TYPE}`
      : request.url.includes('?')
        ? 'the arguments of a POST request go in its body, not in the URL'
        : undefined;
    if (problem) return this.oai.badArgument(problem, new Date());
    const { args, undecodable } = oaiFormArguments(typeof request.body === 'string' ? request.body : '');
    return this.oai.handle(args, new Date(), undecodable);
  }
}
