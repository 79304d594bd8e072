import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '@wco/contracts';
import { ValidationFailedError } from './domain.errors';

export { flattenValidationErrors };

// A number as people write it in a URL: no hex, no exponent, no sign but minus, no blanks.
const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Nest converts a `number` path or query parameter with `+value` before any parameter pipe runs, so `0x10` arrived
 * as 16, `1e3` as 1000 and `''` as 0. Here only plain decimal numbers are converted; anything else stays the string
 * it was, and the pipe or validator that follows refuses it, naming the parameter.
 */
class PlatformValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.metatype === Number && metadata.data && (metadata.type === 'param' || metadata.type === 'query')) {
      return typeof value === 'string' && PLAIN_NUMBER.test(value) ? Number(value) : value;
    }
    return super.transformPrimitive(value, metadata);
  }
}

/** The one validation pipe every service uses: unknown fields are refused, payloads become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
