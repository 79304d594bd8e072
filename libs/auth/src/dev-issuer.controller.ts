import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@wco/http';
import { JSONWebKeySet } from 'jose';
import { DevIssuer } from './dev-issuer';

/** Publishes the development issuer's public keys, so other local tools (the gateway) can verify its tokens. */
@ApiTags('auth')
@Public()
@Controller('auth/dev-issuer')
export class DevIssuerController {
  constructor(private readonly issuer: DevIssuer) {}

  @Get('jwks.json')
  @ApiOperation({
    summary: 'JWKS of the development token issuer (only when AUTH_DEV_ISSUER=true)',
    description: 'RFC 7517 JSON Web Key Set with the public keys that sign development tokens.',
  })
  @ApiOkResponse({
    description: 'The public keys',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kty'],
            properties: { kty: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } },
          },
        },
      },
    },
  })
  jwks(): JSONWebKeySet {
    return this.issuer.jwks();
  }
}
