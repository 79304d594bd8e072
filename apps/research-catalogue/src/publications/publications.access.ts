import type { Principal } from '@wco/auth';
import type { PublicationEntity } from './publication.entity';

/** The organisation of WCO Secretariat staff. */
export const WCO_SECRETARIAT = 'WCO';

/** The organisation the caller acts for: its Member, or the Secretariat when the token names no Member. */
export function organisationOf(caller: Principal): string {
  return caller.member ?? WCO_SECRETARIAT;
}

/**
 * Who may read a publication: users of the organisation that owns it, and auditors. Everyone else gets the
 * answer of an id that does not exist (PublicationsService.loadVisible), so existence is not revealed.
 */
export function canSeePublication(caller: Principal, publication: Pick<PublicationEntity, 'ownerMember'>): boolean {
  return organisationOf(caller) === publication.ownerMember || caller.roles.includes('auditor');
}
