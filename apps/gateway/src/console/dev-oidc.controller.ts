import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DevAuthorizationServer, DevIssuer, DevOidcError, Public, type AuthorizationRequest } from '@wco/auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_CALLBACK_PATH, CONSOLE_SIGNED_OUT_PATH, DEV_OIDC_PATH } from './console-auth';
import { CONSOLE_AUTH, type ConsoleAuthOptions, requestOrigin } from './console-auth.controller';
import { DEV_USERS } from './dev-users';

/** The sign-in page may load nothing, and post its form only here. */
const PAGE_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
];

const TOKEN_PATH = `${DEV_OIDC_PATH}/token`;

/**
 * OAuth clients POST the token request as a form (RFC 6749 §4.1.3), a body the gateway otherwise refuses (415): a
 * parser for it, for the development token endpoint only (the proxied routes keep their own parsers).
 */
export function acceptTokenForm(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (request, body, done) => {
    if (request.url.split('?')[0] !== TOKEN_PATH) {
      done(
        Object.assign(new Error(`Unsupported Media Type: application/x-www-form-urlencoded`), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        }),
        undefined,
      );
      return;
    }
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The development issuer as an OpenID provider for the console's production sign-in (DEVELOPMENT ONLY: mounted beside
 * the development login, which exists only with the development issuer, refused with NODE_ENV=production). The one
 * client is CONSOLE_OIDC_CLIENT_ID; its one redirect URI is this gateway's console callback, matched exactly. The
 * authorization page lists the seeded users; the person picks one (no password: it is a development issuer).
 */
@ApiExcludeController()
@Public()
@Controller(DEV_OIDC_PATH.slice(1))
export class DevOidcController {
  private readonly server?: DevAuthorizationServer;

  constructor(issuer: DevIssuer, @Inject(CONSOLE_AUTH) options: ConsoleAuthOptions) {
    if (options.oidc.clientId) this.server = new DevAuthorizationServer(issuer, { clientId: options.oidc.clientId });
  }

  private serverOrRefuse(): DevAuthorizationServer {
    if (!this.server) throw new DevOidcError('unauthorized_client', 'no console client is configured (CONSOLE_OIDC_CLIENT_ID)');
    return this.server;
  }

  @Get('.well-known/openid-configuration')
  discovery(@Req() request: FastifyRequest): Record<string, unknown> {
    // Without a console client there is no provider to discover: the same 404 as any missing route.
    if (!this.server) throw new NotFoundException();
    return this.server.metadata(`${requestOrigin(request)}${DEV_OIDC_PATH}`);
  }

  @Get('authorize')
  authorize(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): void {
    this.checked(request, query, reply, (checked) => {
      const hidden = AUTHORIZE_PARAMS.filter((name) => typeof query[name] === 'string')
        .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(String(query[name]))}">`)
        .join('');
      const users = DEV_USERS.map(
        (u, i) =>
          `<li><input type="radio" name="user" id="u-${u.id}" value="${u.id}"${i === 0 ? ' checked' : ''}><label for="u-${u.id}">${escapeHtml(u.label)}</label></li>`,
      ).join('');
      void reply
        .header('content-security-policy', PAGE_CSP)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development issuer: sign in</title></head><body><main>` +
            `<h1>Development issuer: sign in</h1><p>Signing in to <code>${escapeHtml(checked.clientId)}</code>. Development only: pick a seeded user.</p>` +
            `<form method="get" action="${DEV_OIDC_PATH}/authorize/approve">${hidden}<fieldset><legend>Sign in as</legend><ul>${users}</ul></fieldset>` +
            `<button type="submit">Sign in</button></form></main></body></html>`,
        );
    });
  }

  @Get('authorize/approve')
  approve(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): void {
    this.checked(request, query, reply, (checked, server) => {
      const user = DEV_USERS.find((u) => u.id === query['user']);
      if (!user) throw new DevOidcError('access_denied', 'user must be one of the seeded development users', true);
      void reply.header('cache-control', 'no-store').redirect(server.issueCode(checked, user), 302);
    });
  }

  /**
   * RP-Initiated Logout: the development issuer keeps no sign-in session, so it checks the request (the ID token
   * hint, the client, the post-logout URI registered exactly as the console's signed-out page) and sends the browser
   * back, or says it is signed out when no URI was given. A refused request is answered here (400), never redirected.
   */
  @Get('end-session')
  async endSession(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    try {
      const ended = await this.serverOrRefuse().checkEndSession(query, [`${requestOrigin(request)}${CONSOLE_SIGNED_OUT_PATH}`]);
      if (ended.redirect) {
        void reply.header('cache-control', 'no-store').redirect(ended.redirect, 302);
        return;
      }
      void reply
        .header('content-security-policy', PAGE_CSP)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development issuer: signed out</title></head>` +
            `<body><main><h1>Development issuer: signed out</h1><p>You are signed out. You may close this page.</p></main></body></html>`,
        );
    } catch (error) {
      if (!(error instanceof DevOidcError)) throw error;
      void reply
        .status(400)
        .header('content-security-policy', PAGE_CSP)
        .type('text/plain; charset=utf-8')
        .send(`${error.error}: ${error.description}`);
    }
  }

  @Post('token')
  @HttpCode(200)
  async token(
    @Body() form: Record<string, unknown> | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      return await this.serverOrRefuse().redeem(form ?? {});
    } catch (error) {
      if (!(error instanceof DevOidcError)) throw error;
      void reply.status(error.error === 'invalid_client' ? 401 : 400);
      return { error: error.error, error_description: error.description };
    }
  }

  /** Runs `then` with a request that passed the checks; an error goes back to the client when its redirect URI is known. */
  private checked(
    request: FastifyRequest,
    query: Record<string, unknown>,
    reply: FastifyReply,
    then: (checked: AuthorizationRequest, server: DevAuthorizationServer) => void,
  ): void {
    let checked: AuthorizationRequest | undefined;
    try {
      const server = this.serverOrRefuse();
      checked = server.checkAuthorization(query, [`${requestOrigin(request)}${CONSOLE_CALLBACK_PATH}`]);
      then(checked, server);
    } catch (error) {
      if (!(error instanceof DevOidcError)) throw error;
      const redirectUri = typeof query['redirect_uri'] === 'string' ? query['redirect_uri'] : undefined;
      if (error.redirectable && redirectUri && this.server) {
        const state = typeof query['state'] === 'string' ? query['state'] : undefined;
        void reply.redirect(this.server.errorRedirect({ redirectUri, state }, error), 302);
        return;
      }
      // Never redirected to a URI that is not registered: said here.
      void reply
        .status(400)
        .header('content-security-policy', PAGE_CSP)
        .type('text/plain; charset=utf-8')
        .send(`${error.error}: ${error.description}`);
    }
  }
}
