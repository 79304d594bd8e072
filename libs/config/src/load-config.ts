import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { ConfigError, ConfigProblem } from './config.errors';

export type ConfigClass<T extends object> = new () => T;
export type Environment = Record<string, string | undefined>;

/** Variables whose value must never be echoed back in an error message. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL|API_KEY/i;

/** The variables a schema declares: every property that carries at least one class-validator decorator. */
function declaredVariables(schema: ConfigClass<object>): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

function shown(variable: string, value: unknown): string {
  if (SECRET_NAME.test(variable)) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    // Never print a password embedded in a URL (DATABASE_URL=postgres://user:secret@host/db).
    const url = new URL(text);
    if (url.password) {
      url.password = '***';
      text = url.toString();
    }
  } catch {
    // Not a URL: print as is.
  }
  return ` (got "${text.length > 80 ? `${text.slice(0, 77)}...` : text}")`;
}

function toProblem(error: ValidationError, provided: Environment): ConfigProblem {
  const variable = error.property;
  const raw = provided[variable];
  if (raw === undefined) return { variable, reasons: ['is required but not set'] };
  const reasons = [
    ...new Set(
      Object.values(error.constraints ?? {}).map((msg) => (msg.startsWith(`${variable} `) ? msg.slice(variable.length + 1) : msg)),
    ),
  ];
  return { variable, reasons: reasons.map((r, i) => (i === reasons.length - 1 ? `${r}${shown(variable, raw)}` : r)) };
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) {
    if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v as object);
  }
  return Object.freeze(value);
}

/**
 * Parses the environment once into a validated, frozen instance of `schema`.
 * Only the variables the schema declares are read; an empty string counts as "not set" so that `FOO=` in a
 * .env file falls back to the default. Field initialisers are the defaults. Throws `ConfigError` listing every bad
 * variable.
 */
export function loadConfig<T extends object>(schema: ConfigClass<T>, env: Environment = process.env): Readonly<T> {
  const provided: Environment = {};
  for (const name of declaredVariables(schema)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') provided[name] = value;
  }
  const instance = plainToInstance(schema, provided, { exposeDefaultValues: true });
  const errors = validateSync(instance, { forbidUnknownValues: true, validationError: { target: false } });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => toProblem(e, provided)).sort((a, b) => a.variable.localeCompare(b.variable)));
  }
  return deepFreeze(instance);
}
