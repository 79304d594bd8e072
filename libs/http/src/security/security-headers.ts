import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';

/** The API answers JSON only: nothing in a reply may load, run or frame anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI at /docs: its scripts and stylesheet come from the service itself, its template has inline <style>
 * blocks, its icons are data: URIs and "Try it out" calls the same origin.
 */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export const DOCS_PREFIX = '/docs';

const isDocs = (url: string): boolean => url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`) || url.startsWith(`${DOCS_PREFIX}?`);

/** Options for helmet: its defaults (nosniff, frame and referrer policies...) with the API's CSP. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
};

/**
 * The headers helmet sets with these options, computed once. @fastify/helmet built helmet's middleware anew for every
 * request (parsing the CSP directives each time), which showed in the gateway's and the services' profiles; with
 * static options (no nonces) the headers are the same for every reply.
 */
export function helmetHeaders(options: HelmetOptions = HELMET_OPTIONS): [name: string, value: string][] {
  const set = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) => set.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => set.delete(name.toLowerCase()),
  } as unknown as ServerResponse;
  let failure: unknown;
  helmet(options)({} as IncomingMessage, res, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return [...set];
}

/** Sets helmet's headers on every response, on the raw response so that replies written outside fastify carry them too. */
export function applySecurityHeaders(fastify: FastifyInstance, headers = helmetHeaders()): void {
  fastify.addHook('onRequest', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/**
 * What helmet cannot express per reply: the Swagger UI's CSP on /docs, and `Cache-Control: no-store` on every
 * reply to a request that carried credentials and on every problem reply (a shared cache must never keep
 * intelligence or an error about it). Other replies get no-store unless the handler chose a policy.
 */
export function applyReplyPolicies(fastify: FastifyInstance): void {
  // A callback hook, not an async one: no promise per reply.
  fastify.addHook(
    'onSend',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      const docs = isDocs(request.url);
      if (docs) void reply.header('content-security-policy', DOCS_CSP);
      const contentType = String(reply.getHeader('content-type') ?? '');
      const credentials = request.headers['authorization'] !== undefined;
      if (credentials || contentType.startsWith(PROBLEM_CONTENT_TYPE) || (!docs && !reply.hasHeader('cache-control'))) {
        void reply.header('cache-control', 'no-store');
      }
      done(null, payload);
    },
  );
}

/** The headers a reply written outside the hooks (fastify's framework errors) must still carry. */
export const BASELINE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': API_CSP,
};
