import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidationFailedError } from '../errors/domain.errors';

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

// Decimal digits only: no sign, no `0x10`, no `1e3`, no `+5`, no blanks, no leading zeros (so one number has one
// spelling). A leading minus only where the range allows negatives.
const DECIMAL = /^(0|-?[1-9]\d*)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `value` as an integer in [min, max] when it is spelled as a plain decimal number, else undefined. */
export function parseDecimalInt(value: unknown, min = INT32_MIN, max = INT32_MAX): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
  if (typeof value !== 'string' || value.length > 16 || !DECIMAL.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

function fieldOf(metadata: ArgumentMetadata, fallback: string): string {
  return metadata.data ?? fallback;
}

export interface IntRange {
  min?: number;
  max?: number;
}

/**
 * Path or query integer: a plain decimal number within int32 (or the range given), else 400 naming the parameter.
 * Nest's ParseIntPipe lets 2147483648 through, which PostgreSQL then refuses for an `integer` column (a 500).
 */
@Injectable()
export class ParseInt32Pipe implements PipeTransform<unknown, number> {
  private readonly min: number;
  private readonly max: number;

  constructor(range: IntRange = {}) {
    this.min = Math.max(range.min ?? INT32_MIN, INT32_MIN);
    this.max = Math.min(range.max ?? INT32_MAX, INT32_MAX);
  }

  transform(value: unknown, metadata: ArgumentMetadata): number {
    const n = parseDecimalInt(value, this.min, this.max);
    if (n === undefined) {
      throw new ValidationFailedError([
        { field: fieldOf(metadata, 'parameter'), reason: `must be a decimal integer between ${this.min} and ${this.max}` },
      ]);
    }
    return n;
  }
}

/** Path or query UUID (any version, as PostgreSQL's `uuid` type accepts), else 400 naming the parameter. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) throw new ValidationFailedError([{ field: fieldOf(metadata, 'parameter'), reason: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}

/**
 * For query DTOs, in place of `@Type(() => Number)` (which reads `0x10` as 16, `1e3` as 1000 and `''` as 0):
 * converts only a plain decimal integer in range, and leaves anything else as it came so that the `@IsInt()` that
 * follows names the field.
 */
export function DecimalInt(range: IntRange = {}): PropertyDecorator {
  return Transform(
    ({ value }: { value: unknown }) => parseDecimalInt(value, range.min, range.max) ?? (typeof value === 'number' ? String(value) : value),
  );
}

/** Body/query property decorator: a string value arrives without surrounding blanks (other values pass unchanged). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}
