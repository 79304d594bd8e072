import { Transform } from 'class-transformer';

/*
 * Environment variables are strings. These decorators convert only well-formed values and leave anything else
 * untouched, so the validators that follow report the original text instead of a silent NaN or `true`.
 */

/** `"8080"` -> 8080; anything that is not a whole decimal number stays a string and fails `@IsInt()`. */
export function IntFromEnv(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value,
  );
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** `true/1/yes/on` and `false/0/no/off` (any case); anything else stays a string and fails `@IsBoolean()`. */
export function BooleanFromEnv(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    return value;
  });
}

/** `"a, b,c"` -> `['a', 'b', 'c']` (empty items dropped). */
export function ListFromEnv(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v.length > 0)
      : value,
  );
}
