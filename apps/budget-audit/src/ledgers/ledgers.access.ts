import type { Principal } from '@wco/auth';
import type { LedgerEntity } from './ledger.entity';

/** The organisation of WCO Secretariat staff. */
export const WCO_SECRETARIAT = 'WCO';

/** The organisation the caller acts for: its Member, or the Secretariat when the token names no Member. */
export function organisationOf(caller: Principal): string {
  return caller.member ?? WCO_SECRETARIAT;
}

/**
 * Who may read a ledger: users of the organisation that owns it, and auditors. Everyone else gets the
 * answer of an id that does not exist (LedgersService.loadVisible), so existence is not revealed.
 */
export function canSeeLedger(caller: Principal, ledger: Pick<LedgerEntity, 'ownerMember'>): boolean {
  return organisationOf(caller) === ledger.ownerMember || caller.roles.includes('auditor');
}
