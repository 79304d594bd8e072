import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { BooleanFromEnv, IntFromEnv } from './env-transforms';
import { IsNotTrueWhen, IsUrlWithScheme } from './env-validators';
import { KafkaConnectionConfig } from './kafka-security';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const devIssuer = (c: BaseServiceConfig): boolean => c.AUTH_DEV_ISSUER === true;

/**
 * What every service reads from its environment. A service extends it, sets its own SERVICE_NAME and PORT
 * defaults, and adds its own variables:
 *
 *   export class IntelExchangeConfig extends BaseServiceConfig {
 *     override SERVICE_NAME = 'intel-exchange';
 *     override PORT = 3101;
 *   }
 */
export class BaseServiceConfig extends KafkaConnectionConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'must be a kebab-case service name (e.g. intel-exchange)' })
  SERVICE_NAME: string;

  /** 0 asks the OS for any free port (tests). */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 65535' })
  @Min(0, { message: 'must be an integer between 0 and 65535' })
  @Max(65535, { message: 'must be an integer between 0 and 65535' })
  PORT = 3000;

  /** 127.0.0.1 by default so a laptop does not expose the service; containers set 0.0.0.0. */
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /** URL of the PostgreSQL server; the database name in its path is replaced by `databaseName`. */
  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_-]{0,62}$/, { message: 'must be a lower-case PostgreSQL database name (at most 63 characters)' })
  DATABASE_NAME?: string;

  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 200' })
  @Min(1, { message: 'must be an integer between 1 and 200' })
  @Max(200, { message: 'must be an integer between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  /**
   * Create the registry's missing topics at start-up (local broker, Docker). Off where topics are declared as
   * KafkaTopic resources: the service's principal may then not create topics.
   */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  KAFKA_CREATE_TOPICS = true;

  /**
   * While busy, the outbox relay claims at most once per this many milliseconds, so that events committed meanwhile
   * share one claim and one produce request (0: claim at once). Costs up to that much latency under load only.
   */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 1000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 1000 (milliseconds)' })
  @Max(1000, { message: 'must be an integer between 0 and 1000 (milliseconds)' })
  OUTBOX_RELAY_LINGER_MS = 0;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** OTLP/HTTP endpoint (e.g. http://otel-collector:4318); traces are not exported when unset. */
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'])
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Use the built-in development issuer instead of an external OIDC provider (refused in production). */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  @IsNotTrueWhen(
    (c: BaseServiceConfig) => c.NODE_ENV === 'production',
    'must not be true when NODE_ENV=production (the development issuer is not for production)',
  )
  AUTH_DEV_ISSUER = false;

  @ValidateIf((c: BaseServiceConfig) => !devIssuer(c))
  @IsString({ message: 'is required unless AUTH_DEV_ISSUER=true (the OIDC issuer, the `iss` claim)' })
  @MinLength(1)
  AUTH_ISSUER?: string;

  @ValidateIf((c: BaseServiceConfig) => !devIssuer(c))
  @IsUrlWithScheme(['https', 'http'], { message: 'is required unless AUTH_DEV_ISSUER=true and must be an http(s) URL of the JWKS' })
  AUTH_JWKS_URL?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  AUTH_AUDIENCE = 'wco-platform';

  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1024 and 104857600' })
  @Min(1024, { message: 'must be an integer between 1024 and 104857600' })
  @Max(100 * 1024 * 1024, { message: 'must be an integer between 1024 and 104857600' })
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Deepest nesting of objects and arrays in a JSON body; deeper bodies get 400 before anything recurses into them. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 2 and 512' })
  @Min(2, { message: 'must be an integer between 2 and 512' })
  @Max(512, { message: 'must be an integer between 2 and 512' })
  HTTP_JSON_MAX_DEPTH = 64;

  /** Longest accepted token lifetime, `exp - iat`; tokens without `iat` are refused. Default 12 hours. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 60 and 86400 (seconds)' })
  @Min(60, { message: 'must be an integer between 60 and 86400 (seconds)' })
  @Max(86400, { message: 'must be an integer between 60 and 86400 (seconds)' })
  AUTH_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

  /** How long a verified token is taken again without a second signature check (its expiry is checked on every use); 0: off. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 300 (seconds)' })
  @Min(0, { message: 'must be an integer between 0 and 300 (seconds)' })
  @Max(300, { message: 'must be an integer between 0 and 300 (seconds)' })
  AUTH_VERIFIED_TOKEN_CACHE_SECONDS = 60;

  /**
   * Bearer token Prometheus must send to /metrics. In production /metrics needs METRICS_TOKEN or METRICS_PORT:
   * the service does not start with neither (metrics tell an attacker the traffic and the failure rates).
   */
  @ValidateIf((c: BaseServiceConfig) => c.METRICS_TOKEN !== undefined || (c.NODE_ENV === 'production' && c.METRICS_PORT === undefined))
  @IsString({ message: 'is required when NODE_ENV=production unless METRICS_PORT is set (/metrics must not be open to the world)' })
  @MinLength(16, { message: 'must be at least 16 characters (a bearer token for /metrics)' })
  METRICS_TOKEN?: string;

  /** Serve /metrics on this port only (a listener of its own, on HOST), not on PORT. 0: any free port (tests). */
  @IsOptional()
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 65535' })
  @Min(0, { message: 'must be an integer between 0 and 65535' })
  @Max(65535, { message: 'must be an integer between 0 and 65535' })
  METRICS_PORT?: number;

  /** The service's own database on the server: DATABASE_NAME, else the service name. */
  get databaseName(): string {
    return this.DATABASE_NAME ?? this.SERVICE_NAME;
  }
}
