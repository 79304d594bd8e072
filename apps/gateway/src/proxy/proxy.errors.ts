import { DomainError, DomainErrorOptions } from '@wco/http';

/**
 * What the gateway itself answers on a proxied route (problem+json), besides what the services answer: a closed
 * list of codes, documented on every proxied operation of the aggregated OpenAPI document.
 */
export const PROXY_PROBLEMS = {
  413: ['payload_too_large'],
  429: ['rate_limited'],
  502: ['bad_gateway'],
  503: ['upstream_unavailable'],
  504: ['upstream_timeout'],
} as const;

/** The service cannot be reached (connection refused, not resolvable, connect timeout): it is down, so fail fast. */
export class UpstreamUnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(service: string, options?: DomainErrorOptions) {
    super(`${service} is not reachable at the moment; retry later`, 'upstream_unavailable', {
      headers: { 'Retry-After': '5' },
      ...options,
    });
  }
}

/** The service accepted the connection but sent no response in time. */
export class UpstreamTimeoutError extends DomainError {
  readonly status = 504;
  readonly title = 'Gateway timeout';
  constructor(service: string, options?: DomainErrorOptions) {
    super(`${service} did not answer in time`, 'upstream_timeout', options);
  }
}

/** The service's connection broke or its answer could not be relayed. */
export class BadGatewayError extends DomainError {
  readonly status = 502;
  readonly title = 'Bad gateway';
  constructor(service: string, options?: DomainErrorOptions) {
    super(`${service} answered with something the gateway cannot relay`, 'bad_gateway', options);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Payload too large';
  constructor(limit: number) {
    super(`the request body is larger than the gateway accepts (${limit} bytes)`, 'payload_too_large', {
      extensions: { limitBytes: limit },
    });
  }
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(retryAfterSeconds: number, max: number) {
    super(`more than ${max} requests in the current window; retry after ${retryAfterSeconds} s`, 'rate_limited', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
