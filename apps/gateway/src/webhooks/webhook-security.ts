import { Injectable } from '@nestjs/common';
import type { BlockList } from 'node:net';
import { GatewayConfig } from '../config/gateway.config';
import { allowListOf } from './outbound-address';
import { WebhookSecretBox } from './webhook-secrets';

/** The operator's outbound allow-list and the sealing key of the secrets, built once from the configuration. */
@Injectable()
export class WebhookSecurity {
  readonly allow: BlockList;
  readonly secrets: WebhookSecretBox;

  constructor(config: GatewayConfig) {
    this.allow = allowListOf(config.GATEWAY_WEBHOOK_ALLOW);
    this.secrets = new WebhookSecretBox(config.GATEWAY_WEBHOOK_SECRET_KEY);
  }
}
