import type { Principal, WcoRole } from '@wco/auth';
import { canSeePublication, organisationOf } from './publications.access';

describe('publications access', () => {
  const owned = { ownerMember: 'FR' };
  const memberUser = (member: string, roles: WcoRole[] = ['editor']): Principal => ({ subject: `user-${member}`, member, roles });
  const secretariat = (roles: WcoRole[] = ['editor']): Principal => ({ subject: 'staff-1', member: 'WCO', roles });

  it('lets users of the owning organisation read it', () => {
    expect(canSeePublication(memberUser('FR'), owned)).toBe(true);
  });

  it('hides it from another Member, whatever its roles other than auditor', () => {
    expect(canSeePublication(memberUser('DE'), owned)).toBe(false);
    expect(canSeePublication(memberUser('DE', ['admin', 'editor', 'finance-officer', 'operation-coordinator']), owned)).toBe(false);
  });

  it('treats Secretariat staff as the organisation WCO, not as every Member', () => {
    expect(organisationOf(secretariat())).toBe('WCO');
    expect(canSeePublication(secretariat(), owned)).toBe(false);
    expect(canSeePublication(secretariat(), { ownerMember: 'WCO' })).toBe(true);
  });

  it('lets auditors read every publication', () => {
    expect(canSeePublication(secretariat(['auditor']), owned)).toBe(true);
    expect(canSeePublication(memberUser('NL', ['auditor']), owned)).toBe(true);
  });
});
