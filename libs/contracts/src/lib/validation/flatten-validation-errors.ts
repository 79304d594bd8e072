import type { ValidationError } from 'class-validator';

/** One broken rule of a validated value: a dotted path (`a.b.0.c`, empty for the value itself) and why. */
export interface FieldError {
  field: string;
  reason: string;
}

/**
 * The one flattener of class-validator's error tree (HTTP bodies in @wco/http, event payloads here, report drafts in
 * the services): one entry per broken constraint, with dotted paths.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      // class-validator prefixes messages with the bare property name; the path already says which field it is.
      const reason = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      out.push({ field, reason: constraint === 'whitelistValidation' ? 'is not an allowed field' : reason });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
