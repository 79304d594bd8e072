import { canSeeReport } from './access-policy';
import type { PolicyCaller, ReportAccessFacts } from './access-policy';
import type { OperationAccessFacts } from './report.types';
import { WCO_SECRETARIAT } from '../domain/code-lists';

// Who may read the access receipts of a report (who read it, which Member, when). A receipt says that the report
// exists and who took an interest in it, so it is intelligence about the readers as much as about the report:
// 1. The originating Member (its analysts and its auditors) sees every receipt of its own report.
// 2. A WCO-level auditor (role auditor, organisation WCO, explicit in the token) sees every receipt of every report.
// 3. A Member's auditor sees, of a report its Member may see, only the receipts of its own Member's reads: it audits
//    its own staff. Other Members' reads would tell a hostile Member who else works on what.
// 4. Anyone else gets the same 404 as a random id, including a Member that may see the report (its analysts have
//    no business in who else read it) and operation coordinators.

export type ReceiptScope = 'all' | 'own_member' | 'none';

export function receiptScope(caller: PolicyCaller, report: ReportAccessFacts, operation?: OperationAccessFacts): ReceiptScope {
  const auditor = caller.roles.includes('auditor');
  if (report.originatorMember === caller.member && (auditor || caller.roles.includes('member-analyst'))) return 'all';
  if (!auditor) return 'none';
  if (caller.member === WCO_SECRETARIAT) return 'all';
  // The auditor's Member, seen as that Member's analyst would be: the receipts never reach past what it may read.
  return canSeeReport({ member: caller.member, roles: ['member-analyst'] }, report, operation) ? 'own_member' : 'none';
}

/** The role a receipt records: through which the caller, who may see the report, was allowed to read it. */
export type ReadingRole = 'member-analyst' | 'operation-coordinator';

/** Member-level rights come first: a caller with both roles who may read as its Member's analyst did so. */
export function readingRole(caller: PolicyCaller, report: ReportAccessFacts, operation?: OperationAccessFacts): ReadingRole {
  return caller.roles.includes('member-analyst') && canSeeReport({ member: caller.member, roles: ['member-analyst'] }, report, operation)
    ? 'member-analyst'
    : 'operation-coordinator';
}
