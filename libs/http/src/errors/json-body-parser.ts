import type { FastifyInstance } from 'fastify';
import { BadRequestError } from './domain.errors';

/**
 * Fastify's JSON parser (prototype-poisoning checks included), whose failures become a `malformed_json` domain
 * error instead of a generic 400, so clients can tell a syntax error from a validation error.
 */
export function useProblemJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, typeof body === 'string' ? body : body.toString('utf8'), (error: Error | null, value?: unknown) => {
      if (error) done(new BadRequestError(`malformed JSON body: ${error.message}`, { code: 'malformed_json' }), undefined);
      else done(null, value);
    });
  });
}
