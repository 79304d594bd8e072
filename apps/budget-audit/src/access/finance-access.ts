import type { Principal, WcoRole } from '@wco/auth';
import { isSecretariat } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/*
 * Who does what with the Secretariat's budget and books (segregation of duties):
 * - finance officers of the Secretariat (`finance-officer` with `wco_member: WCO`) prepare and submit budget
 *   versions, run fiscal years, post entries and commitments. A finance-officer token of a Member administration
 *   writes nothing here: the books are the Secretariat's, and a Member's officer is no officer of it.
 * - Finance Committee members (`finance-committee`, any Member) accept submitted versions and read; nothing else.
 * - auditors, the Audit Committee (`audit-committee`) and platform admins read everything and write no ledger or
 *   budget entry (the Audit Committee agrees audit plans and accepts risks, in audit-plan/); admins (admin operates the platform, not the books).
 * The role guard (@Roles) enforces the route's roles; this gate adds the Secretariat rule for writers.
 */
export const READERS: WcoRole[] = ['finance-officer', 'finance-committee', 'auditor', 'audit-committee', 'admin'];
export const WRITERS: WcoRole[] = ['finance-officer'];
export const ACCEPTORS: WcoRole[] = ['finance-committee'];

export function requireSecretariatFinanceOfficer(caller: Principal): void {
  if (!caller.roles.includes('finance-officer') || !isSecretariat(caller)) {
    throw new ForbiddenError('only finance officers of the WCO Secretariat write the budget and the ledger', { code: 'insufficient_role' });
  }
}

/**
 * Who manages the chart of accounts: a finance officer of the Secretariat, or a platform admin (the chart is the
 * books' configuration, not an entry). Fails closed for anyone holding an auditor's role (`auditor`,
 * `audit-committee`), whatever else it holds: the people who audit the books never shape them.
 */
export function requireChartManager(caller: Principal): void {
  const auditing = caller.roles.some((r) => r === 'auditor' || r === 'audit-committee');
  const officer = caller.roles.includes('finance-officer') && isSecretariat(caller);
  if (auditing || !(officer || caller.roles.includes('admin'))) {
    throw new ForbiddenError('only finance officers of the WCO Secretariat and admins manage the chart of accounts', {
      code: 'insufficient_role',
    });
  }
}

/** SHA-256 of the RFC 8785 form of a request body: "same id + same body" compares these. */
export function requestHash(body: unknown): string {
  const text = canonicalize(JSON.parse(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))));
  return createHash('sha256')
    .update(text ?? '')
    .digest('hex');
}
