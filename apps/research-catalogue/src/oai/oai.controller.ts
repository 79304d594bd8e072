import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@wco/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { undecodableQueryParameters } from '../common/query-encoding';
import { OaiService } from './oai.service';

/**
 * The OAI-PMH 2.0 endpoint. Public and anonymous by nature (harvesters carry no token): it shows only public
 * records out of embargo, whatever Authorization header comes with the request. Not in the OpenAPI document: its
 * contract is the OAI-PMH specification and schema, and every answer is 200 text/xml.
 */
@ApiExcludeController()
@Controller('oai')
export class OaiController {
  constructor(private readonly oai: OaiService) {}

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
}
