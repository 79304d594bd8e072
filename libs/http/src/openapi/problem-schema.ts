import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';

/** Component names of the shared error schemas, as every service's document declares them. */
export const PROBLEM_SCHEMA = 'ProblemDetails';
export const FIELD_ERROR_SCHEMA = 'FieldError';

/** The error body of every service (RFC 9457 problem details plus our stable `code`), as the filter writes it. */
export const PROBLEM_SCHEMAS: Record<string, SchemaObject> = {
  [FIELD_ERROR_SCHEMA]: {
    type: 'object',
    description: 'One broken rule of the request',
    required: ['field', 'reason'],
    properties: {
      field: {
        type: 'string',
        description: 'Dotted path of the offending field, e.g. `goods.0.quantity.unit`',
        example: 'goods.0.quantity.unit',
      },
      reason: {
        type: 'string',
        description: 'What is wrong with it, for a person to read',
        example: 'unit must be one of the following values: kg, g, t',
      },
    },
  },
  [PROBLEM_SCHEMA]: {
    type: 'object',
    description: 'RFC 9457 problem details (`application/problem+json`). Clients switch on `code` (or `type`, its URN form).',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: {
        type: 'string',
        description: 'URN of the problem type: `urn:wco:problem:<code>`',
        example: 'urn:wco:problem:validation_failed',
      },
      title: { type: 'string', description: 'Short summary of the status', example: 'Validation failed' },
      status: { type: 'integer', description: 'HTTP status code', example: 400 },
      detail: { type: 'string', description: 'What happened, for a person to read', example: '1 invalid field: goods.0.quantity.unit' },
      code: {
        type: 'string',
        description: 'Stable machine-readable code; each response lists the codes it can carry',
        example: 'validation_failed',
      },
      instance: { type: 'string', description: 'The request path', example: '/reports' },
      errors: {
        type: 'array',
        description: 'Every broken rule (validation failures only)',
        items: { $ref: `#/components/schemas/${FIELD_ERROR_SCHEMA}` },
      },
    },
    // Domain errors may add safe members of their own (e.g. requiredRoles, checks).
    additionalProperties: true,
  },
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Business rule violated',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** The response object of one error status: problem+json whose `code` is one of `codes`. */
export function problemResponse(status: number, codes: readonly string[]): ResponseObject {
  const sorted = [...new Set(codes)].sort();
  return {
    description: `${TITLES[status] ?? `HTTP ${status}`}: ${sorted.map((c) => `\`${c}\``).join(', ')}`,
    ...(status === 401
      ? {
          headers: {
            'WWW-Authenticate': {
              description: 'RFC 6750 bearer challenge, e.g. `Bearer realm="wco", error="invalid_token"`',
              schema: { type: 'string' },
            },
          },
        }
      : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          allOf: [
            { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` },
            { type: 'object', properties: { status: { type: 'integer', enum: [status] }, code: { type: 'string', enum: sorted } } },
          ],
        },
      },
    },
  };
}
