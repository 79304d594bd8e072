import type { FastifyInstance } from 'fastify';
import { DEFAULT_MAX_JSON_DEPTH, findTooDeep, findUnsafeString, jsonNestingExceeds } from '../input/untrusted-input';
import { BadRequestError, DomainError, ValidationFailedError } from './domain.errors';
import type { FieldError } from './problem-details';

export interface JsonBodyOptions {
  /** Deepest nesting of objects and arrays accepted (HTTP_JSON_MAX_DEPTH). */
  maxDepth?: number;
}

/**
 * Fastify's JSON parser (prototype-poisoning checks included), whose failures become a `malformed_json` domain
 * error instead of a generic 400, so clients can tell a syntax error from a validation error. Two more refusals
 * happen here, before any DTO, validator or handler (several of which recurse) sees the body:
 * - nesting deeper than `maxDepth`, found by a scan of the raw text (400 `json_too_deep`);
 * - a string or key holding NUL or a lone surrogate, which PostgreSQL refuses or rewrites (400 `unsafe_string`).
 * Both name the field (`a.b.0.c`) in `errors`, like every validation problem.
 */
export function useProblemJsonParser(fastify: FastifyInstance, options: JsonBodyOptions = {}): void {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const tooDeep = jsonNestingExceeds(text, maxDepth);
    parse(request, text, (error: Error | null, value?: unknown) => {
      if (error && hasPrototypeKey(text)) return done(forbiddenPropertyName(), undefined);
      if (error) return done(new BadRequestError(`malformed JSON body: ${error.message}`, { code: 'malformed_json' }), undefined);
      // JSON.parse and the walks below are iterative; the raw scan spares the walk on ordinary bodies.
      const deep = tooDeep ? findTooDeep(value, maxDepth) : undefined;
      if (deep) return done(new ValidationFailedError([deep], { code: 'json_too_deep' }), undefined);
      const unsafe = findUnsafeString(value);
      if (unsafe) return done(new ValidationFailedError([unsafe], { code: 'unsafe_string' }), undefined);
      done(null, value);
    });
  });
}

/**
 * The same refusals as the JSON body parser, for JSON that reaches a service another way (a line of an NDJSON
 * upload, an item of a staged import): malformed JSON (`malformed_json`), prototype-poisoning keys
 * (`forbidden_property_name`), nesting deeper than `maxDepth` (`json_too_deep`) and unstorable strings
 * (`unsafe_string`). Fields are named under `root` (`items.12.title`).
 */
export function parseUntrustedJson(text: string, maxDepth: number, root = ''): { value: unknown } | { error: DomainError } {
  const tooDeep = jsonNestingExceeds(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: new BadRequestError(`malformed JSON: ${e instanceof Error ? e.message : String(e)}`, { code: 'malformed_json' }) };
  }
  // The reviver walk only where a forbidden key could be written (plainly or with escapes).
  if (/__proto__|constructor|\\u/.test(text) && hasPrototypeKey(text)) return { error: forbiddenPropertyName() };
  const under = (f: FieldError): FieldError => ({
    ...f,
    field: root === '' ? f.field : f.field === '(body)' ? root : `${root}.${f.field}`,
  });
  const deep = tooDeep ? findTooDeep(value, maxDepth) : undefined;
  if (deep) return { error: new ValidationFailedError([under(deep)], { code: 'json_too_deep' }) };
  const unsafe = findUnsafeString(value);
  if (unsafe) return { error: new ValidationFailedError([under(unsafe)], { code: 'unsafe_string' }) };
  return { value };
}

/**
 * Fastify's parser answers "not valid JSON" for prototype poisoning too. This tells the cases apart on the error path
 * only: JSON.parse creates own properties (no prototype is set), and its reviver sees every key decoded, escapes
 * included.
 */
export function hasPrototypeKey(text: string): boolean {
  let found = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (
        key === '__proto__' ||
        (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype'))
      )
        found = true;
      return value;
    });
  } catch {
    return false;
  }
  return found;
}

export function forbiddenPropertyName(): BadRequestError {
  return new BadRequestError(
    'the JSON is well-formed, but "__proto__" is not allowed as a property name, nor "constructor" holding "prototype" (prototype poisoning)',
    { code: 'forbidden_property_name' },
  );
}
