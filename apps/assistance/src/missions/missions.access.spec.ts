import type { Principal, WcoRole } from '@wco/auth';
import { canSeeMission, organisationOf } from './missions.access';

describe('missions access', () => {
  const owned = { ownerMember: 'FR' };
  const memberUser = (member: string, roles: WcoRole[] = ['assistance-coordinator']): Principal => ({ subject: `user-${member}`, member, roles });
  const secretariat = (roles: WcoRole[] = ['assistance-coordinator']): Principal => ({ subject: 'staff-1', member: 'WCO', roles });

  it('lets users of the owning organisation read it', () => {
    expect(canSeeMission(memberUser('FR'), owned)).toBe(true);
  });

  it('hides it from another Member, whatever its roles other than auditor', () => {
    expect(canSeeMission(memberUser('DE'), owned)).toBe(false);
    expect(canSeeMission(memberUser('DE', ['admin', 'editor', 'finance-officer', 'operation-coordinator']), owned)).toBe(false);
  });

  it('treats Secretariat staff as the organisation WCO, not as every Member', () => {
    expect(organisationOf(secretariat())).toBe('WCO');
    expect(canSeeMission(secretariat(), owned)).toBe(false);
    expect(canSeeMission(secretariat(), { ownerMember: 'WCO' })).toBe(true);
  });

  it('lets auditors read every mission', () => {
    expect(canSeeMission(secretariat(['auditor']), owned)).toBe(true);
    expect(canSeeMission(memberUser('NL', ['auditor']), owned)).toBe(true);
  });
});
