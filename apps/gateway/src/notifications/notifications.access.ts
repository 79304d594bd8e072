import type { Principal } from '@wco/auth';

/**
 * Whose notifications a caller reads: those addressed to its own organisation, and nothing else. A notification
 * is addressed to one Member (or to WCO, e.g. a publication release for a Secretariat subscriber); Secretariat
 * staff get the WCO ones and none of a Member's, since no rule grants them a Member's matches, publications or
 * mission news. The routes require `member-analyst` (RolesGuard); there is no parameter naming another Member.
 */
export function notifiedOrganisationOf(caller: Principal): string {
  return caller.member;
}
