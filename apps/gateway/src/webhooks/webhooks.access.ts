import type { Principal } from '@wco/auth';
import type { WebhookEntity } from './webhook.entity';

/** The organisation the caller acts for: its Member code, or `WCO` (WCO_SECRETARIAT) for Secretariat staff. */
export function organisationOf(caller: Principal): string {
  return caller.member;
}

/**
 * Who may see, change or delete a webhook endpoint, and read its delivery log: users of the organisation that owns
 * it (the routes also require member-analyst). No one else, auditors included: the log holds the Member's
 * notifications. Everyone else gets the answer of an id that does not exist (WebhooksService.loadOwn).
 */
export function canSeeWebhook(caller: Principal, webhook: Pick<WebhookEntity, 'ownerMember'>): boolean {
  return organisationOf(caller) === webhook.ownerMember;
}
