import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { MAX_AMOUNT_CENTS } from '@wco/contracts';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * Money is EUR integer cents, never a float. The API takes an amount as a JSON integer or a string of decimal
 * digits and answers with strings (PostgreSQL bigint, exact in every client); inside, it is a bigint. The bound is
 * the platform's MAX_AMOUNT_CENTS (10^15 cents), below 2^53 so a JSON number is exact too.
 */
export const MAX_CENTS = BigInt(MAX_AMOUNT_CENTS);

const DIGITS = /^(0|[1-9][0-9]{0,17})$/;

/** The amount as a bigint, or undefined when it is not an integer of cents (fraction, exponent, sign, text). */
export function toCents(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value === 'string' && DIGITS.test(value)) return BigInt(value);
  return undefined;
}

/** A DTO property holding integer cents within [min, MAX_CENTS]. */
export function Cents(options: { min?: 0 | 1; description?: string } = {}): PropertyDecorator {
  const min = BigInt(options.min ?? 1);
  return applyDecorators(
    ApiProperty({
      oneOf: [
        { type: 'integer', minimum: Number(min), maximum: MAX_AMOUNT_CENTS },
        { type: 'string', pattern: '^(0|[1-9][0-9]{0,15})$' },
      ],
      description: `${options.description ?? 'Amount'}: EUR integer cents (${min} to ${MAX_AMOUNT_CENTS}), as an integer or a string of digits`,
      example: '1250000',
    }),
    Transform(({ value }: { value: unknown }) => toCents(value) ?? value),
    ValidateBy({
      name: 'isCents',
      validator: {
        validate: (value: unknown) => typeof value === 'bigint' && value >= min && value <= MAX_CENTS,
        defaultMessage: (args) =>
          `${args?.property} must be EUR integer cents between ${min} and ${MAX_AMOUNT_CENTS} (no fraction, no sign, no exponent)`,
      },
    }),
  );
}

/** bigint (or pg's bigint string) → the API's spelling. */
export function centsText(value: bigint | string | number): string {
  return BigInt(value).toString();
}
