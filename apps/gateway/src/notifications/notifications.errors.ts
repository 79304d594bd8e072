import { DomainError, type DomainErrorOptions } from '@wco/http';

/** The closed list of error codes the notifications routes answer with, besides the platform's own. */
export const NOTIFICATION_ERROR_CODES = ['too_many_streams', 'not_acceptable'] as const;
export type NotificationErrorCode = (typeof NOTIFICATION_ERROR_CODES)[number];

export class TooManyStreamsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(limit: number, options: DomainErrorOptions = {}) {
    super(`your organisation already holds ${limit} notification streams on this gateway instance`, 'too_many_streams', {
      headers: { 'retry-after': '30' },
      ...options,
    });
  }
}

/** The stream answers text/event-stream only; a client that accepts neither it nor anything gets 406. */
export class StreamNotAcceptableError extends DomainError {
  readonly status = 406;
  readonly title = 'Not acceptable';
  constructor() {
    super('this route answers text/event-stream only (send Accept: text/event-stream)', 'not_acceptable');
  }
}
