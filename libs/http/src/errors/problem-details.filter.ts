import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain.errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';

const CODE_BY_STATUS: Record<number, [code: string, title: string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload too large'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable_entity', 'Unprocessable entity'],
  429: ['too_many_requests', 'Too many requests'],
  503: ['service_unavailable', 'Service unavailable'],
};

function fromStatus(status: number, detail: string, instance: string | undefined): ProblemDetails {
  const [code, title] =
    CODE_BY_STATUS[status] ?? (status >= 500 ? ['internal_error', 'Internal server error'] : ['bad_request', 'Bad request']);
  return { type: problemType(code), title, status, detail, code, instance };
}

function httpExceptionDetail(e: HttpException): string {
  const body = e.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : e.message;
}

/**
 * Turns whatever a request ends with (fastify's own errors, such as a body over the limit, reach here as
 * HttpExceptions through Nest's error handler) into the response clients see and headers they need. Unexpected errors are
 * logged with their stack and answered with a generic 500: internals never leak to callers.
 */
export function toProblem(error: unknown, instance?: string): { problem: ProblemDetails; headers: Record<string, string> } {
  if (error instanceof DomainError) {
    const problem: ProblemDetails = {
      ...error.extensions,
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      instance,
    };
    if ('errors' in error && Array.isArray(error.errors)) problem.errors = error.errors;
    return { problem, headers: error.headers };
  }
  if (error instanceof HttpException) {
    return { problem: fromStatus(error.getStatus(), httpExceptionDetail(error), instance), headers: {} };
  }
  return {
    problem: fromStatus(HttpStatus.INTERNAL_SERVER_ERROR, 'The server failed to handle the request; it has been logged.', instance),
    headers: {},
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers } = toProblem(error, request.url);
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    void reply.status(problem.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
