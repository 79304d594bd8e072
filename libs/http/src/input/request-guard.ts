import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationFailedError } from '../errors/domain.errors';
import { FieldError } from '../errors/problem-details';
import { findUnsafeString } from './untrusted-input';

function unsafeIn(values: unknown): FieldError | undefined {
  if (values === null || typeof values !== 'object') return undefined;
  return findUnsafeString(values);
}

/**
 * Refuses a request whose path parameters or query string hold NUL or a lone surrogate (decoded from `%00`,
 * `%ED%A0%80`...), naming the parameter, before guards, pipes or handlers see them. Bodies are checked by the JSON
 * parser.
 */
export function refuseUnsafeParameters(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    const bad = unsafeIn(request.params) ?? unsafeIn(request.query);
    if (bad) throw new ValidationFailedError([bad], { code: 'unsafe_string' });
  });
}
