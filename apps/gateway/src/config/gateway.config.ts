import { BaseServiceConfig, BooleanFromEnv, IntFromEnv, ListFromEnv } from '@wco/config';
import { IsArray, IsBoolean, IsInt, Matches, Max, Min, registerDecorator, ValidateIf } from 'class-validator';
import { isCidr } from '../webhooks/outbound-address';

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

  /** Run the consumer that turns Members' events into notifications (tests of the HTTP side only turn it off). */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  GATEWAY_NOTIFICATIONS_CONSUMER = true;

  /** Open notification streams (SSE) one Member may hold on one gateway instance; more get 429. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 10000' })
  @Min(1, { message: 'must be an integer between 1 and 10000' })
  @Max(10_000, { message: 'must be an integer between 1 and 10000' })
  GATEWAY_SSE_MAX_CONNECTIONS_PER_MEMBER = 50;

  /** Comment line sent on an idle stream, so proxies keep it open and a dead client is noticed. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 100 and 300000 (milliseconds)' })
  @Min(100, { message: 'must be an integer between 100 and 300000 (milliseconds)' })
  @Max(300_000, { message: 'must be an integer between 100 and 300000 (milliseconds)' })
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
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1000 and 2592000000 (milliseconds)' })
  @Min(1000, { message: 'must be an integer between 1000 and 2592000000 (milliseconds)' })
  @Max(30 * DAY_MS, { message: 'must be an integer between 1000 and 2592000000 (milliseconds)' })
  GATEWAY_WEBHOOK_DISABLE_AFTER_MS = 5 * DAY_MS;

  /** How long the previous secret still signs after a rotation (both signatures are sent). */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 2592000000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 2592000000 (milliseconds)' })
  @Max(30 * DAY_MS, { message: 'must be an integer between 0 and 2592000000 (milliseconds)' })
  GATEWAY_WEBHOOK_SECRET_GRACE_MS = DAY_MS;

  /** Connect + response time allowed to a receiver. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 100 and 30000 (milliseconds)' })
  @Min(100, { message: 'must be an integer between 100 and 30000 (milliseconds)' })
  @Max(30_000, { message: 'must be an integer between 100 and 30000 (milliseconds)' })
  GATEWAY_WEBHOOK_TIMEOUT_MS = 5000;

  /** Deliveries one worker sends at the same time (to different endpoints: one endpoint gets one at a time). */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 256' })
  @Min(1, { message: 'must be an integer between 1 and 256' })
  @Max(256, { message: 'must be an integer between 1 and 256' })
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
}
