import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BASELINE_HEADERS } from '../security/security-headers';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';

const BY_CODE: Record<string, [status: number, code: string, title: string, detail: string]> = {
  // A path parameter longer than the router accepts (maxParamLength).
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'URI too long', 'a path segment of the URL is longer than this service accepts'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'Bad request', 'the URL is not validly percent-encoded'],
};

/**
 * Fastify answers a few malformed requests before any route, hook or Nest filter runs (a URL it cannot route);
 * by default with its own JSON. This gives them problem+json and the baseline security headers.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, title, detail] =
    BY_CODE[error.code] ??
    (error.statusCode !== undefined && error.statusCode < 500
      ? [error.statusCode, 'bad_request', 'Bad request', 'the request could not be routed']
      : [500, 'internal_error', 'Internal server error', 'The server failed to handle the request; it has been logged.']);
  if (status >= 500) request.log.error({ err: error }, 'framework error before routing');
  // No `instance`: the URL is what could not be read.
  const problem: ProblemDetails = { type: problemType(code), title, status, detail, code };
  void reply.code(status).headers(BASELINE_HEADERS).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
