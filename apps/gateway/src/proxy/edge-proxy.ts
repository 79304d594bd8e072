import cors from '@fastify/cors';
import httpProxy from '@fastify/http-proxy';
import rateLimit from '@fastify/rate-limit';
import { JwtVerifier, Principal } from '@wco/auth';
import { helmetHeaders, NotFoundError } from '@wco/http';
import { forwardWithoutClientSpans, traceHeaders } from '@wco/telemetry';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config/gateway.config';
import { authenticateAtEdge, EdgeTokens, RefusedTokens } from '../edge/edge-auth';
import { NOT_FORWARDED } from '../openapi/aggregate-document';
import type { ApiCatalogue } from '../openapi/api-catalogue';
import { BodyLimitStream } from './body-limit';
import { ClientAddresses } from './client-address';
import { sendProblem } from './problem-reply';
import { BadGatewayError, PayloadTooLargeError, RateLimitedError, UpstreamTimeoutError, UpstreamUnavailableError } from './proxy.errors';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import type { SharedRateLimitCounters } from './shared-rate-limit';
import type { Upstream } from './upstreams';

declare module 'fastify' {
  interface FastifyRequest {
    /** X-Request-Id of a proxied request: the caller's, or one the gateway made. */
    gatewayRequestId: string;
    /** The verified caller of a proxied request; null on a public route called without a token. */
    gatewayPrincipal: Principal | null;
    /** Where the request comes from (see ClientAddresses): the key of the per-client limits without a token. */
    gatewayClient: string;
  }
}

export interface EdgeDependencies {
  config: Readonly<GatewayConfig>;
  verifier: JwtVerifier;
  catalogue: ApiCatalogue;
  /** Counts shared with the other replicas; without them each replica limits on its own counts. */
  rateLimits?: SharedRateLimitCounters;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'FST_REPLY_FROM_GATEWAY_TIMEOUT', 'FST_REPLY_FROM_TIMEOUT']);

/** The error of a failed upstream request as the caller should see it; reply-from wraps the cause. */
function classify(error: unknown, service: string): Error {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PayloadTooLargeError) return e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE.has(code)) return new UpstreamUnavailableError(service, { cause: error });
    if (typeof code === 'string' && TIMED_OUT.has(code)) return new UpstreamTimeoutError(service, { cause: error });
  }
  return new BadGatewayError(service, { cause: error });
}

function pathWithin(request: FastifyRequest, upstream: Upstream): string {
  const rest = request.url.slice(upstream.prefix.length);
  const query = rest.indexOf('?');
  return (query === -1 ? rest : rest.slice(0, query)) || '/';
}

/**
 * Mounts the API routes on the gateway's Fastify instance, next to its own Nest routes (health, metrics, docs,
 * notifications), which stay as they are: `/api/<service>/*` proxied with @fastify/http-proxy, bodies streamed
 * both ways (never parsed: the proxy's context has no body parser but a byte counter), with per request:
 * X-Request-Id (the caller's or a new one, sent upstream and back), the body-size limit (413), authentication
 * (401 before anything reaches a service), the per-client rate limit (429 with Retry-After, keyed by the token's
 * subject, else the IP address), and upstream failures as problem+json (503 fast when a service is down, 504
 * when it does not answer in time). CORS (an allow-list of origins) applies to every route of the gateway.
 */
export function mountEdge(fastify: FastifyInstance, { config, verifier, catalogue, rateLimits }: EdgeDependencies): void {
  const allowed = new Set(config.GATEWAY_CORS_ORIGINS);
  // Queued, not awaited: loading plugins now would freeze the error handler of Nest's routes before Nest sets its
  // own (problem+json) one; Fastify loads them when the app gets ready, in this order. With no origin allowed (the
  // default: the console is served by the gateway itself, same origin) there is no CORS to answer: the browser's
  // same-origin policy refuses cross-origin reads without it, and no reply varies by Origin.
  if (allowed.size > 0)
    void fastify.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'idempotency-key', 'if-match', 'last-event-id', REQUEST_ID_HEADER],
      exposedHeaders: [
        REQUEST_ID_HEADER,
        'location',
        'etag',
        'retry-after',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ],
      maxAge: 600,
      strictPreflight: true,
    });

  // Forwarded requests carry the trace context of the gateway's server span, without a client span per hop.
  forwardWithoutClientSpans(catalogue.upstreams.map((u) => u.url));
  // The services answer with the same security headers the gateway has already set on every response (libs/http):
  // an upstream header equal to the gateway's own is not copied a second time (one header write and two validations
  // less each). A different value is copied, and wins, as before.
  const own = helmetHeaders();
  const withoutOwnHeaders = <H extends Record<string, unknown>>(headers: H): H => {
    for (const [name, value] of own) if (headers[name] === value) delete headers[name];
    return headers;
  };
  const clients = new ClientAddresses(config.GATEWAY_TRUSTED_PROXIES);
  const refused = new RefusedTokens(config.GATEWAY_REFUSED_TOKENS_MAX, config.GATEWAY_RATE_LIMIT_WINDOW_MS);
  const tokens = new EdgeTokens(verifier, refused);
  void fastify.register(async (edge) => {
    const limit = config.GATEWAY_BODY_LIMIT_BYTES;
    edge.removeAllContentTypeParsers();
    edge.addContentTypeParser('*', (_request, payload, done) => {
      const counted = new BodyLimitStream(limit);
      // Over the limit: stop relaying and drain what the client still sends, so that it can read the 413.
      counted.once('error', () => {
        payload.unpipe(counted);
        payload.resume();
      });
      done(null, payload.pipe(counted));
    });
    edge.setErrorHandler((error, _request, reply) => sendProblem(reply, error));
    edge.decorateRequest('gatewayRequestId', '');
    edge.decorateRequest('gatewayPrincipal', null);
    edge.decorateRequest('gatewayClient', '');

    await edge.register(rateLimit, {
      global: true,
      hook: 'onRequest',
      max: config.GATEWAY_RATE_LIMIT_MAX,
      timeWindow: config.GATEWAY_RATE_LIMIT_WINDOW_MS,
      ...(rateLimits ? { store: rateLimits.storeClass() } : {}),
      // Runs after authentication: a verified subject has its own budget; an attacker cannot spend someone else's.
      keyGenerator: (request) => (request.gatewayPrincipal ? `sub:${request.gatewayPrincipal.subject}` : `ip:${request.gatewayClient}`),
      errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000)), context.max),
    });

    for (const upstream of catalogue.upstreams) {
      await edge.register(async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          request.gatewayRequestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
          request.gatewayClient = clients.of(request.ip, request.headers['x-forwarded-for']);
          void reply.header(REQUEST_ID_HEADER, request.gatewayRequestId);
          const length = Number(request.headers['content-length'] ?? 0);
          if (length > limit) {
            void reply.header('connection', 'close');
            throw new PayloadTooLargeError(limit);
          }
          const path = pathWithin(request, upstream);
          if (NOT_FORWARDED.test(path)) throw new NotFoundError('no such route', { code: 'not_found' });
          const isPublic = catalogue.isPublic(upstream, request.method, path);
          request.gatewayPrincipal =
            (await authenticateAtEdge(tokens, request.headers.authorization, isPublic, request.gatewayClient)) ?? null;
        });
        await scope.register(httpProxy, {
          upstream: upstream.url,
          prefix: upstream.prefix,
          proxyPayloads: false,
          disableRequestLogging: true,
          undici: {
            connections: 256,
            pipelining: 1,
            connectTimeout: config.GATEWAY_CONNECT_TIMEOUT_MS,
            headersTimeout: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
            bodyTimeout: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
            // reply-from turns certificate checks off unless told otherwise; https upstreams are verified.
            connect: { rejectUnauthorized: true },
          },
          replyOptions: {
            // The gateway never retries: a non-idempotent request must not reach a service twice.
            retryDelay: () => null,
            // The gateway's server span is the service's parent: the hop gets no client span of its own (see mountEdge).
            // `headers` is reply-from's own copy of the request's headers: written in place.
            rewriteHeaders: withoutOwnHeaders,
            rewriteRequestHeaders: (request, headers) => {
              traceHeaders(headers)[REQUEST_ID_HEADER] = request.gatewayRequestId;
              return headers;
            },
            onError: (reply, { error }) => {
              // A body found too large on the way keeps being drained (see the parser): closing now would reset the
              // connection under the client while it still writes, and the reset would discard the 413 it has not read.
              sendProblem(reply as unknown as FastifyReply, classify(error, upstream.service));
            },
          },
        });
      });
    }
  });
}
