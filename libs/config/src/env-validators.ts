import { accessSync, constants, statSync } from 'node:fs';
import { registerDecorator, ValidationOptions } from 'class-validator';

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An absolute URL whose scheme is one of `protocols` (without the colon), e.g. `['postgres', 'postgresql']`. */
export function IsUrlWithScheme(protocols: string[], options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUrlWithScheme',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `must be a ${protocols.join(' or ')} URL (${protocols[0]}://host:port/...)`, ...options },
      validator: {
        validate: (value: unknown) => {
          const url = parseUrl(value);
          return url !== undefined && protocols.includes(url.protocol.replace(/:$/, '')) && url.hostname.length > 0;
        },
      },
    });
}

/** Every item is `host:port` with a port in 1..65535 (Kafka bootstrap servers). */
export function IsHostPortList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHostPortList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a comma-separated list of host:port (e.g. 127.0.0.1:9092,kafka-2:9092)', ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length > 0 &&
          value.every((v) => {
            if (typeof v !== 'string') return false;
            const m = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(v);
            return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
          }),
      },
    });
}

/** Refuses `true` when `forbidden(config)` holds, e.g. the development issuer in production. */
export function IsNotTrueWhen<T extends object>(forbidden: (config: T) => boolean, message: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotTrueWhen',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (value: unknown, args) => !(value === true && forbidden(args?.object as T)) },
    });
}

/** A path to a file the process can read (a certificate or key mounted from a Secret). */
export function IsReadableFile(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isReadableFile',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be the path of a readable file', ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || value.length === 0) return false;
          try {
            return statSync(value).isFile() && (accessSync(value, constants.R_OK), true);
          } catch {
            return false;
          }
        },
      },
    });
}
