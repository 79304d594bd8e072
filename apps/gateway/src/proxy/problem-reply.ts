import { HttpException, Logger } from '@nestjs/common';
import { DomainError, PROBLEM_CONTENT_TYPE, toProblem } from '@wco/http';
import type { FastifyReply } from 'fastify';

const logger = new Logger('Edge');

/** Fastify's own errors on a proxied route (415, 400 of a bad destination...) keep their 4xx status as problem+json. */
function asKnownError(error: unknown): unknown {
  if (error instanceof DomainError || error instanceof HttpException) return error;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpException((error as Error).message || 'bad request', status);
  }
  return error;
}

/**
 * Answers a proxied request with problem+json (routes outside Nest do not reach its exception filter): the same
 * body and headers ProblemDetailsFilter writes, unexpected errors logged and answered with a generic 500.
 */
export function sendProblem(reply: FastifyReply, error: unknown): FastifyReply {
  const { problem, headers } = toProblem(asKnownError(error), reply.request.url);
  if (problem.status >= 500 && !(error instanceof DomainError)) {
    logger.error(
      `${reply.request.method} ${reply.request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  return reply.code(problem.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
