import { BaseServiceConfig } from '@wco/config';

/**
 * gateway's configuration: the platform's variables (database, broker, auth, logging) with this service's
 * defaults. A variable of its own is a validated property here (see libs/config/README.md), never a process.env read.
 */
export class GatewayConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'gateway';
  override PORT = 3000;
}
