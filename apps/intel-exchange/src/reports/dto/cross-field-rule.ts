import { registerDecorator } from 'class-validator';

/**
 * A property rule that may look at sibling properties. `check` returns true when the value is acceptable, otherwise
 * the reason (which becomes the field's error message). Like every class-validator rule it is skipped when the
 * property also has @IsOptional() and is absent.
 */
export function CrossFieldRule<T extends object>(
  name: string,
  check: (value: unknown, object: Partial<T>) => true | string,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value, args) => check(value, (args?.object ?? {}) as Partial<T>) === true,
        defaultMessage: (args) => {
          const verdict = check(args?.value, (args?.object ?? {}) as Partial<T>);
          return verdict === true ? `${name} failed` : verdict;
        },
      },
    });
  };
}

/** Upper-cases and strips separators from string input; anything else is left for the type checks to reject. */
export function normaliseString(fn: (value: string) => string): (params: { value: unknown }) => unknown {
  return ({ value }) => (typeof value === 'string' ? fn(value) : value);
}
