import type { Principal, WcoRole } from '@wco/auth';
import { canSeeLedger, organisationOf } from './ledgers.access';

describe('ledgers access', () => {
  const owned = { ownerMember: 'FR' };
  const memberUser = (member: string, roles: WcoRole[] = ['finance-officer']): Principal => ({ subject: `user-${member}`, member, roles });
  const secretariat = (roles: WcoRole[] = ['finance-officer']): Principal => ({ subject: 'staff-1', member: 'WCO', roles });

  it('lets users of the owning organisation read it', () => {
    expect(canSeeLedger(memberUser('FR'), owned)).toBe(true);
  });

  it('hides it from another Member, whatever its roles other than auditor', () => {
    expect(canSeeLedger(memberUser('DE'), owned)).toBe(false);
    expect(canSeeLedger(memberUser('DE', ['admin', 'editor', 'finance-officer', 'operation-coordinator']), owned)).toBe(false);
  });

  it('treats Secretariat staff as the organisation WCO, not as every Member', () => {
    expect(organisationOf(secretariat())).toBe('WCO');
    expect(canSeeLedger(secretariat(), owned)).toBe(false);
    expect(canSeeLedger(secretariat(), { ownerMember: 'WCO' })).toBe(true);
  });

  it('lets auditors read every ledger', () => {
    expect(canSeeLedger(secretariat(['auditor']), owned)).toBe(true);
    expect(canSeeLedger(memberUser('NL', ['auditor']), owned)).toBe(true);
  });
});
