import { FieldError } from './problem-details';

export interface DomainErrorOptions {
  /** Overrides the class's default code with a more precise one, e.g. `report_not_found`. */
  code?: string;
  /** Extra members copied into the problem details (must be safe to show to the caller). */
  extensions?: Record<string, unknown>;
  /** Response headers, e.g. WWW-Authenticate on a 401. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * Base class of every error a service raises on purpose. It carries a stable `code` (clients switch on it) and
 * the HTTP status the edge answers with; the exception filter turns it into problem+json.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  readonly code: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  protected constructor(message: string, defaultCode: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaultCode;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly title = 'Bad request';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'bad_request', options);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'unauthorized', options);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'forbidden', options);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'not_found', options);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'conflict', options);
  }
}

/** The request is well-formed but breaks a business rule (e.g. "budget line has insufficient funds"). */
export class BusinessRuleError extends DomainError {
  readonly status = 422;
  readonly title = 'Business rule violated';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'business_rule_violated', options);
  }
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly title = 'Validation failed';
  constructor(
    readonly errors: FieldError[],
    options?: DomainErrorOptions,
  ) {
    super(
      `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
      'validation_failed',
      options,
    );
  }
}

/** A dependency (database, broker) is down; the client may retry later. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'service_unavailable', options);
  }
}
