import type { Principal } from '@wco/auth';
import type { MissionEntity } from './mission.entity';

/** The organisation of WCO Secretariat staff. */
export const WCO_SECRETARIAT = 'WCO';

/** The organisation the caller acts for: its Member, or the Secretariat when the token names no Member. */
export function organisationOf(caller: Principal): string {
  return caller.member ?? WCO_SECRETARIAT;
}

/**
 * Who may read a mission: users of the organisation that owns it, and auditors. Everyone else gets the
 * answer of an id that does not exist (MissionsService.loadVisible), so existence is not revealed.
 */
export function canSeeMission(caller: Principal, mission: Pick<MissionEntity, 'ownerMember'>): boolean {
  return organisationOf(caller) === mission.ownerMember || caller.roles.includes('auditor');
}
