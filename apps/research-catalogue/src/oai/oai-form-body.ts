import type { FastifyInstance } from 'fastify';
import { DomainError } from '@wco/http';
import { undecodableQueryParameters } from '../common/query-encoding';

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
  constructor(message: string) {
    super(message, 'unsupported_media_type');
  }
}

/**
 * The body of an OAI-PMH POST request (`application/x-www-form-urlencoded`, OAI-PMH 2.0 §3.1.1.2) kept as its raw
 * text, for the OAI route only: every other route still answers 415 to a form body. The platform's Fastify setup has
 * no form parser (and needs none elsewhere), so the service registers this one; `oaiFormArguments` decodes it.
 */
export function useOaiFormBody(fastify: FastifyInstance, route: string): void {
  fastify.addContentTypeParser(FORM_MEDIA_TYPE, { parseAs: 'string' }, (request, body, done) => {
    if (request.routeOptions.url !== route)
      return done(new UnsupportedMediaTypeError(`${FORM_MEDIA_TYPE} is accepted by ${route} only`), undefined);
    done(null, typeof body === 'string' ? body : body.toString('utf8'));
  });
}

/** The arguments of a form body, a repeated one as an array (as Fastify's query parser gives them), and those not validly percent-encoded. */
export function oaiFormArguments(body: string): { args: Record<string, string | string[]>; undecodable: string[] } {
  const args: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = args[key];
    args[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return { args, undecodable: undecodableQueryParameters(`?${body}`) };
}
