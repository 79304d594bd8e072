import { BaseServiceConfig, BooleanFromEnv, IntFromEnv, IsUrlWithScheme, ListFromEnv } from '@wco/config';
import { IsArray, IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength, registerDecorator, ValidateIf } from 'class-validator';
import { isCidr } from '../webhooks/outbound-address';

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

/** Every item is a CIDR (`10.1.0.0/16`, `127.0.0.1/32`, `fd00::/8`) or a single address. */
function IsCidrList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCidrList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a comma-separated list of CIDR blocks or addresses (e.g. 127.0.0.1/32,10.20.0.0/16)' },
      validator: { validate: (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string' && isCidr(v)) },
    });
}

/** Every item a number of milliseconds between 1 and 7 days. */
function IsDelayList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDelayList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a comma-separated list of 1 to 20 delays in milliseconds (each 1 to 604800000)' },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length >= 1 &&
          value.length <= 20 &&
          value.every((v) => typeof v === 'string' && /^\d{1,9}$/.test(v) && Number(v) >= 1 && Number(v) <= 604_800_000),
      },
    });
}

const DAY_MS = 24 * 3600 * 1000;

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

  /** Largest request body the gateway passes on (streamed, never buffered); larger ones get 413. Services apply their own limit too (1 MiB for JSON; research uploads 200 MiB and import jobs 256 MiB). */
  @IntBetween(1024, 1024 * 1024 * 1024, ' (bytes)')
  GATEWAY_BODY_LIMIT_BYTES = 256 * 1024 * 1024;

  /** Requests one client (token subject, else IP address) may send through the gateway per window. */
  @IntBetween(1, 1_000_000)
  GATEWAY_RATE_LIMIT_MAX = 1200;

  @IntBetween(1000, 3_600_000, ' (milliseconds)')
  GATEWAY_RATE_LIMIT_WINDOW_MS = 60_000;

  /**
   * How often each replica adds its per-client counts to the shared ones in the database and reads the other
   * replicas'. The limit then holds across replicas, overshooting by at most what the others admit in one interval.
   * 0: each replica counts alone (the limit is then per replica).
   */
  @IntBetween(0, 60_000, ' (milliseconds)')
  GATEWAY_RATE_LIMIT_SYNC_MS = 500;

  /** Refused (invalid) tokens one client address may send per window; past it, unknown tokens get 429 unverified. */
  @IntBetween(1, 1_000_000)
  GATEWAY_REFUSED_TOKENS_MAX = 60;

  /**
   * Load balancers or ingress controllers in front of the gateway (addresses or CIDR ranges, comma-separated): from
   * them, the client address of the per-client limits is read from X-Forwarded-For. None by default.
   */
  @ListFromEnv()
  @IsArray()
  @Matches(/^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-fA-F:]+(\/\d{1,3})?)$/, {
    each: true,
    message: 'must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.0/8)',
  })
  GATEWAY_TRUSTED_PROXIES: string[] = [];

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

  /** Run the consumer that turns Members' events into notifications (tests of the HTTP side only turn it off). */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  GATEWAY_NOTIFICATIONS_CONSUMER = true;

  /**
   * Consumer group of the notification consumer on the registry's topics (its KafkaUser may join `gateway*` groups).
   * A second gateway deployment on the same topics (a test, a staging copy) needs its own.
   */
  @Matches(/^gateway[A-Za-z0-9._-]{0,100}$/, { message: 'must start with "gateway" (letters, digits, ".", "_", "-" after it)' })
  GATEWAY_NOTIFICATIONS_GROUP = 'gateway.notifications';

  /** Open notification streams (SSE) one Member may hold on one gateway instance; more get 429. */
  @IntBetween(1, 10_000)
  GATEWAY_SSE_MAX_CONNECTIONS_PER_MEMBER = 50;

  /** Comment line sent on an idle stream, so proxies keep it open and a dead client is noticed. */
  @IntBetween(100, 300_000, ' (milliseconds)')
  GATEWAY_SSE_HEARTBEAT_MS = 15_000;

  /** Run the webhook delivery worker in this process (every pod may: rows are claimed with SKIP LOCKED). */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  GATEWAY_WEBHOOK_WORKER = true;

  /**
   * Addresses outbound webhook calls may reach although they are loopback, private, link-local, CGNAT, ULA...;
   * plain http is accepted only to these. Empty by default: only public addresses over https.
   */
  @ListFromEnv()
  @IsArray()
  @IsCidrList()
  GATEWAY_WEBHOOK_ALLOW: string[] = [];

  /** Delays before the 2nd, 3rd... attempt of a delivery (each with ±20 % jitter); after the last it is given up. */
  @ListFromEnv()
  @IsDelayList()
  GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS: string[] = ['5000', '300000', '1800000', '7200000', '18000000', '36000000', '36000000'];

  /** An endpoint whose deliveries have failed for this long without a success is disabled (with a notice). */
  @IntBetween(1000, 30 * DAY_MS, ' (milliseconds)')
  GATEWAY_WEBHOOK_DISABLE_AFTER_MS = 5 * DAY_MS;

  /** How long the previous secret still signs after a rotation (both signatures are sent). */
  @IntBetween(0, 30 * DAY_MS, ' (milliseconds)')
  GATEWAY_WEBHOOK_SECRET_GRACE_MS = DAY_MS;

  /** Connect + response time allowed to a receiver. */
  @IntBetween(100, 30_000, ' (milliseconds)')
  GATEWAY_WEBHOOK_TIMEOUT_MS = 5000;

  /** Deliveries one worker sends at the same time (to different endpoints: one endpoint gets one at a time). */
  @IntBetween(1, 256)
  GATEWAY_WEBHOOK_CONCURRENCY = 16;

  /**
   * AES-256-GCM key (32 bytes, base64) encrypting the webhook secrets at rest. Required in production; elsewhere a
   * fixed development key is used (secrets stored with it are not protected).
   */
  @ValidateIf((c: GatewayConfig) => c.NODE_ENV === 'production' || c.GATEWAY_WEBHOOK_SECRET_KEY !== undefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'is required when NODE_ENV=production: 32 random bytes in base64 (openssl rand -base64 32)' })
  GATEWAY_WEBHOOK_SECRET_KEY?: string;

  get webhookRetryScheduleMs(): number[] {
    return this.GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS.map(Number);
  }

  /**
   * The web console's build output (apps/console, `vite build`), served at `/` with the SPA fallback to index.html;
   * a path relative to the working directory (the repository root with `npm start`). Missing: no console is served.
   */
  @IsString()
  @MinLength(1)
  GATEWAY_CONSOLE_DIR = 'dist/apps/console';
}
