import { BadRequestError, BusinessRuleError, ConflictError } from '@wco/http';

export class InvalidIdempotencyKeyError extends BadRequestError {
  constructor(reason: string) {
    // `errors` names the header like any field, so clients handle it as every other validation problem.
    super(`Idempotency-Key header ${reason}`, {
      code: 'invalid_idempotency_key',
      extensions: { errors: [{ field: 'Idempotency-Key', reason }] },
    });
  }
}

/** Same key, different request: the client reused a key by mistake; replaying would return the wrong resource. */
export class IdempotencyKeyReusedError extends BusinessRuleError {
  constructor(key: string) {
    super(`Idempotency-Key "${key}" was already used with a different request body`, { code: 'idempotency_key_reused' });
  }
}

/** The first request with this key is still running; the client should retry a little later. */
export class IdempotencyRequestInProgressError extends ConflictError {
  constructor(key: string) {
    super(`a request with Idempotency-Key "${key}" is still being processed; retry shortly`, {
      code: 'idempotency_request_in_progress',
      headers: { 'Retry-After': '1' },
    });
  }
}
