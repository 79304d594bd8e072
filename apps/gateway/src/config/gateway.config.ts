import { BaseServiceConfig, IntFromEnv, IsUrlWithScheme, ListFromEnv } from '@wco/config';
import { IsArray, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** An integer from the environment in [min, max]; one message names the range for every way it can be wrong. */
function IntBetween(min: number, max: number, unit = ''): PropertyDecorator {
  const message = `must be an integer between ${min} and ${max}${unit}`;
  return (target, key) => {
    IntFromEnv()(target, key);
    IsInt({ message })(target, key);
    Min(min, { message })(target, key);
    Max(max, { message })(target, key);
  };
}

/**
 * gateway's configuration: the platform's variables (database, broker, auth, logging) with this service's
 * defaults. A variable of its own is a validated property here (see libs/config/README.md), never a process.env read.
 */
export class GatewayConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'gateway';
  override PORT = 3000;

  /** Base URL of each service the gateway routes to (`/api/intel/...` goes to `<GATEWAY_UPSTREAM_INTEL>/...`). */
  @IsUrlWithScheme(['http', 'https'])
  GATEWAY_UPSTREAM_INTEL = 'http://127.0.0.1:3001';

  @IsUrlWithScheme(['http', 'https'])
  GATEWAY_UPSTREAM_BUDGET = 'http://127.0.0.1:3002';

  @IsUrlWithScheme(['http', 'https'])
  GATEWAY_UPSTREAM_ASSISTANCE = 'http://127.0.0.1:3003';

  @IsUrlWithScheme(['http', 'https'])
  GATEWAY_UPSTREAM_RESEARCH = 'http://127.0.0.1:3004';

  /** How long opening a connection to a service may take: a service that is down answers 503 after at most this. */
  @IntBetween(50, 30_000, ' (milliseconds)')
  GATEWAY_CONNECT_TIMEOUT_MS = 500;

  /** How long a service may take to send its response headers, and then between two chunks of its body (504 after). */
  @IntBetween(100, 600_000, ' (milliseconds)')
  GATEWAY_UPSTREAM_TIMEOUT_MS = 30_000;

  /** Largest request body the gateway passes on (streamed, never buffered); larger ones get 413. Services apply their own limit too. */
  @IntBetween(1024, 1024 * 1024 * 1024, ' (bytes)')
  GATEWAY_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

  /** Requests one client (token subject, else IP address) may send through the gateway per window. */
  @IntBetween(1, 1_000_000)
  GATEWAY_RATE_LIMIT_MAX = 1200;

  @IntBetween(1000, 3_600_000, ' (milliseconds)')
  GATEWAY_RATE_LIMIT_WINDOW_MS = 60_000;

  /** Browser origins allowed to call the API (CORS), comma-separated, e.g. `https://console.wcoomd.org`; none by default. */
  @ListFromEnv()
  @IsArray()
  @Matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, {
    each: true,
    message: 'must be a comma-separated list of origins (scheme://host[:port])',
  })
  GATEWAY_CORS_ORIGINS: string[] = [];

  /**
   * Public routes a service serves outside its OpenAPI document, `METHOD /api/<service>/<path>` comma-separated (path
   * parameters as `{name}`). Every other public route is read from the services' documents (`security: []`).
   */
  @ListFromEnv()
  @IsArray()
  @Matches(/^(GET|HEAD|POST|PUT|PATCH|DELETE) \/api\/(intel|budget|assistance|research)(\/[A-Za-z0-9._~{}/-]*)?$/, {
    each: true,
    message: 'must be a comma-separated list of `METHOD /api/<intel|budget|assistance|research>/<path>`',
  })
  GATEWAY_PUBLIC_ROUTES: string[] = ['GET /api/research/oai'];

  /** How often the services' OpenAPI documents are fetched again (the API reference and the public routes follow). */
  @IntBetween(1000, 86_400_000, ' (milliseconds)')
  GATEWAY_OPENAPI_REFRESH_MS = 60_000;

  /** Shortest time between two fetches of the issuer's JWKS for an unknown `kid` (a flood of forged kids cannot hammer the issuer). */
  @IntBetween(1, 3600, ' (seconds)')
  GATEWAY_JWKS_COOLDOWN_SECONDS = 30;

  /**
   * The web console's build output (apps/console, `vite build`), served at `/` with the SPA fallback to index.html;
   * a path relative to the working directory (the repository root with `npm start`). Missing: no console is served.
   */
  @IsString()
  @MinLength(1)
  GATEWAY_CONSOLE_DIR = 'dist/apps/console';
}
