import { NotFoundError } from '@wco/http';

/** The closed list of error codes the webhooks routes answer with, besides the platform's own (validation, auth). */
export const WEBHOOK_ERROR_CODES = ['webhook_not_found', 'delivery_not_found', 'webhook_url_refused'] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

export class WebhookNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the webhook does not exist or the caller may not see it: no existence leak.
    super(`webhook ${id} does not exist or is not visible to you`, { code: 'webhook_not_found' satisfies WebhookErrorCode });
  }
}

export class DeliveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`delivery ${id} does not exist or is not visible to you`, { code: 'delivery_not_found' satisfies WebhookErrorCode });
  }
}
