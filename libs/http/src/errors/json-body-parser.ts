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
    const text = typeof body === 'string' ? body : body.toString('utf8');
    parse(request, text, (error: Error | null, value?: unknown) => {
      if (error && hasPrototypeKey(text)) done(forbiddenPropertyName(), undefined);
      else if (error) done(new BadRequestError(`malformed JSON body: ${error.message}`, { code: 'malformed_json' }), undefined);
      else done(null, value);
    });
  });
}

/**
 * Fastify's parser answers "not valid JSON" for prototype poisoning too. This tells the cases apart on the error path
 * only: JSON.parse creates own properties (no prototype is set), and its reviver sees every key decoded, escapes
 * included.
 */
function hasPrototypeKey(text: string): boolean {
  let found = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype'))) found = true;
      return value;
    });
  } catch {
    return false;
  }
  return found;
}

function forbiddenPropertyName(): BadRequestError {
  return new BadRequestError(
    'the JSON is well-formed, but "__proto__" is not allowed as a property name, nor "constructor" holding "prototype" (prototype poisoning)',
    { code: 'forbidden_property_name' },
  );
}
