import type { Principal } from '@wco/auth';
import type { WebhookEntity } from './webhook.entity';

/** The organisation the caller acts for: its Member code, or `WCO` (WCO_SECRETARIAT) for Secretariat staff. */
export function organisationOf(caller: Principal): string {
  return caller.member;
}

/**
 * Who may read a webhook: users of the organisation that owns it, and auditors. Everyone else gets the
 * answer of an id that does not exist (WebhooksService.loadVisible), so existence is not revealed.
 */
export function canSeeWebhook(caller: Principal, webhook: Pick<WebhookEntity, 'ownerMember'>): boolean {
  return organisationOf(caller) === webhook.ownerMember || caller.roles.includes('auditor');
}
