import type { Principal, WcoRole } from '@wco/auth';
import { canSeeMission, canSeeRequest, isCoordinator } from './assistance.access';

const user = (member: string, roles: WcoRole[], subject = `u-${member}`): Principal => ({ subject, member, roles });

describe('assistance access', () => {
  it('lets a member-analyst see its own Member requests only', () => {
    expect(canSeeRequest(user('FR', ['member-analyst']), { member: 'FR' })).toBe(true);
    expect(canSeeRequest(user('DE', ['member-analyst']), { member: 'FR' })).toBe(false);
    expect(canSeeRequest(user('FR', ['expert', 'auditor', 'editor']), { member: 'FR' })).toBe(false);
  });

  it('makes only Secretariat staff with the role coordinators', () => {
    expect(isCoordinator(user('WCO', ['assistance-coordinator']))).toBe(true);
    expect(isCoordinator(user('FR', ['assistance-coordinator']))).toBe(false);
    expect(isCoordinator(user('WCO', ['member-analyst', 'admin']))).toBe(false);
    expect(canSeeRequest(user('FR', ['assistance-coordinator']), { member: 'DE' })).toBe(false);
  });

  it('lets an expert see the missions assigned to them and no other', () => {
    const expert = user('KE', ['expert'], 'expert-7');
    expect(canSeeMission(expert, { member: 'FR' }, ['expert-7'])).toBe(true);
    expect(canSeeMission(expert, { member: 'FR' }, ['expert-8'])).toBe(false);
    expect(canSeeMission(user('KE', ['member-analyst'], 'expert-7'), { member: 'FR' }, ['expert-7'])).toBe(false);
    expect(canSeeRequest(expert, { member: 'KE' })).toBe(false);
  });
});
