import { IsInt, Min } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { ConfigError } from './config.errors';
import { IntFromEnv } from './env-transforms';
import { exitOnStartupError } from './exit-on-startup-error';
import { loadConfig } from './load-config';
import { StartupError } from './startup-error';

class ExampleServiceConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'intel-exchange';
  override PORT = 3101;

  @IntFromEnv()
  @IsInt()
  @Min(1)
  MATCH_WINDOW_DAYS = 30;
}

const devEnv = { AUTH_DEV_ISSUER: 'true' };

describe('loadConfig', () => {
  it('applies the defaults and converts env strings to numbers, booleans and lists', () => {
    const config = loadConfig(ExampleServiceConfig, {
      ...devEnv,
      PORT: '8080',
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      MATCH_WINDOW_DAYS: '7',
    });
    expect(config).toBeInstanceOf(ExampleServiceConfig);
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9093']);
    expect(config.AUTH_DEV_ISSUER).toBe(true);
    expect(config.MATCH_WINDOW_DAYS).toBe(7);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.databaseName).toBe('intel-exchange');
  });

  it('keeps the service defaults when variables are unset or empty', () => {
    const config = loadConfig(ExampleServiceConfig, { ...devEnv, PORT: '' });
    expect(config.PORT).toBe(3101);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('lets DATABASE_NAME override the derived database name', () => {
    expect(loadConfig(ExampleServiceConfig, { ...devEnv, DATABASE_NAME: 'intel_ci' }).databaseName).toBe('intel_ci');
  });

  it('returns a frozen object that cannot be changed after start-up', () => {
    const config = loadConfig(ExampleServiceConfig, devEnv);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
  });

  it('reads only the declared variables', () => {
    const config = loadConfig(ExampleServiceConfig, { ...devEnv, PATH: '/usr/bin', UNRELATED: 'x' });
    expect(Object.keys(config)).not.toContain('PATH');
    expect(Object.keys(config)).not.toContain('UNRELATED');
  });

  it('lists every bad variable by name with its reason in one error', () => {
    let error: unknown;
    try {
      loadConfig(ExampleServiceConfig, {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db:3306/x',
        KAFKA_BROKERS: 'broker-without-port',
        LOG_LEVEL: 'loud',
        HTTP_BODY_LIMIT_BYTES: '12',
        MATCH_WINDOW_DAYS: '0',
        AUTH_DEV_ISSUER: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable)).toEqual([
      'AUTH_DEV_ISSUER',
      'AUTH_ISSUER',
      'AUTH_JWKS_URL',
      'DATABASE_URL',
      'HTTP_BODY_LIMIT_BYTES',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'MATCH_WINDOW_DAYS',
      'PORT',
    ]);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT must be an integer between 0 and 65535 (got "eighty")');
    expect(message).toContain('DATABASE_URL must be a postgres or postgresql URL');
    expect(message).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
    expect(message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, verbose (got "loud")');
    expect(message).toContain('AUTH_ISSUER is required but not set');
    expect(message).toContain('AUTH_DEV_ISSUER must be true or false (got "maybe")');
    expect(message).toContain('MATCH_WINDOW_DAYS must not be less than 1 (got "0")');
  });

  it('requires the OIDC issuer and JWKS URL unless the development issuer is enabled', () => {
    expect(() => loadConfig(ExampleServiceConfig, {})).toThrow(/AUTH_ISSUER is required but not set.*AUTH_JWKS_URL is required/);
    const config = loadConfig(ExampleServiceConfig, {
      AUTH_ISSUER: 'https://id.wcoomd.org/realms/wco',
      AUTH_JWKS_URL: 'https://id.wcoomd.org/realms/wco/protocol/openid-connect/certs',
    });
    expect(config.AUTH_DEV_ISSUER).toBe(false);
  });

  it('refuses the development issuer in production', () => {
    expect(() => loadConfig(ExampleServiceConfig, { ...devEnv, NODE_ENV: 'production' })).toThrow(
      /AUTH_DEV_ISSUER must not be true when NODE_ENV=production/,
    );
  });

  it('never echoes a password from a URL', () => {
    expect(() => loadConfig(ExampleServiceConfig, { ...devEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:hunter2@collector' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be a http or https URL.*\*\*\*/,
    );
    expect(() => loadConfig(ExampleServiceConfig, { ...devEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:hunter2@collector' })).not.toThrow(
      /hunter2/,
    );
  });
});

describe('exitOnStartupError', () => {
  const run = async (fn: () => unknown) => {
    const lines: string[] = [];
    let code: number | undefined;
    await exitOnStartupError(fn, {
      label: 'intel-exchange',
      write: (l) => lines.push(l),
      exit: ((c: number) => {
        code = c;
      }) as (c: number) => never,
    });
    return { lines, code };
  };

  it('prints a configuration error as one line without a stack trace and exits with 78', async () => {
    const { lines, code } = await run(() => loadConfig(ExampleServiceConfig, { PORT: '-1', ...devEnv }));
    expect(code).toBe(78);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^intel-exchange: start-up failed: invalid configuration \(1 variable\): PORT must be/);
    expect(lines[0]).not.toMatch(/\n\s+at /);
  });

  it('uses the exit code of other start-up errors and the classifier for foreign ones', async () => {
    expect((await run(() => Promise.reject(new StartupError('database unreachable', 69)))).code).toBe(69);
    const classified = await exitOnStartupError(() => Promise.reject(new Error('ECONNREFUSED')), {
      classify: () => new StartupError('broker 127.0.0.1:9092 unreachable', 69),
      write: () => undefined,
      exit: ((c: number) => c) as (c: number) => never,
    });
    expect(classified).toBe(69);
  });

  it('prints the stack of an unexpected error (a bug) and exits with 70', async () => {
    const { lines, code } = await run(() => {
      throw new TypeError('boom');
    });
    expect(code).toBe(70);
    expect(lines[0]).toContain('TypeError: boom');
    expect(lines[0]).toMatch(/\n\s+at /);
  });
});
