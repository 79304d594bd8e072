import { ValidationPipe, ValidationError } from '@nestjs/common';
import { FieldError } from './problem-details';
import { ValidationFailedError } from './domain.errors';

/** Flattens class-validator's tree into one entry per broken constraint, with dotted paths (`a.b.0.c`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
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

/** The one validation pipe every service uses: unknown fields are refused, payloads become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
