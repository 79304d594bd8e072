import type { FieldError } from '@wco/contracts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Path of the offending field in the request body (e.g. `seizures.0.quantity.unit`) and why it is refused. */
export type { FieldError } from '@wco/contracts';

/** RFC 9457 problem details, plus our stable machine-readable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Problem types are URNs named after the stable code, so clients can switch on either. */
export function problemType(code: string): string {
  return `urn:wco:problem:${code}`;
}
