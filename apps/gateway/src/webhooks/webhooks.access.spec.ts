import { WCO_SECRETARIAT, type Principal, type WcoRole } from '@wco/auth';
import { canSeeWebhook, organisationOf } from './webhooks.access';

describe('webhooks access', () => {
  const owned = { ownerMember: 'FR' };
  const memberUser = (member: string, roles: WcoRole[] = ['member-analyst']): Principal => ({ subject: `user-${member}`, member, roles });
  const secretariat = (roles: WcoRole[] = ['member-analyst']): Principal => ({ subject: 'staff-1', member: WCO_SECRETARIAT, roles });

  it('lets users of the owning organisation see it', () => {
    expect(canSeeWebhook(memberUser('FR'), owned)).toBe(true);
  });

  it('hides it from another Member, whatever its roles', () => {
    expect(canSeeWebhook(memberUser('DE'), owned)).toBe(false);
    expect(canSeeWebhook(memberUser('DE', ['admin', 'editor', 'auditor', 'operation-coordinator']), owned)).toBe(false);
  });

  it('treats Secretariat staff as the organisation WCO, not as every Member', () => {
    expect(organisationOf(secretariat())).toBe('WCO');
    expect(canSeeWebhook(secretariat(), owned)).toBe(false);
    expect(canSeeWebhook(secretariat(['auditor', 'admin']), owned)).toBe(false);
    expect(canSeeWebhook(secretariat(), { ownerMember: 'WCO' })).toBe(true);
  });
});
