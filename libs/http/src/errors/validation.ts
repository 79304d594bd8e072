import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '@wco/contracts';
import { ValidationFailedError } from './domain.errors';

export { flattenValidationErrors };

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
