import type { Principal } from '@wco/auth';
import { DistributionLevel, Tlp } from './code-lists';
import { OperationAccessFacts, StoredReport } from './report.types';

// Who may see, export and be told about a report. Every read path (detail, versions, corrections, feedback, list,
// export, receipts, matches) asks ReportAccessService (access/), the one gate, which decides with these functions or
// with visibilityPredicate, which states the same rules in SQL; a spec checks that the two agree on a generated
// matrix. Match events are decided here directly, at correlation time.
//
// Rules (a caller is one user: a Member code and roles):
// 1. Content is read through the member-analyst role (Member-level rights) or the operation-coordinator role
//    (rights over the exchange of the operations the caller's organisation coordinates). auditor and admin grant no
//    report content: auditors read access receipts, admins run the platform; neither needs the intelligence.
// 2. A member-analyst always sees the reports its own Member originated, at every TLP.
// 3. Otherwise the distribution decides:
//    - originator_only: nobody else;
//    - named_members: the listed Members;
//    - operation_participants: the current participants of the report's operation, and its coordinator;
//    - all_members: every Member.
// 4. TLP narrows, never widens: RED and AMBER+STRICT reach named Members only. Validation already refuses other
//    combinations; the policy still treats a stored RED/AMBER+STRICT report with a wider distribution as
//    originator-only, so a bad row can never leak.
// 5. An archived operation no longer shares its exchange: its operation_participants reports are back to the
//    originator only (named_members/all_members reports keep their own distribution).

/** What the rules read of the caller (@wco/auth's Principal): its Member and roles; roles not named here grant nothing. */
export type PolicyCaller = Pick<Principal, 'member' | 'roles'>;

/** The report facts the policy reads; a StoredReport has them all. */
export type ReportAccessFacts = Pick<StoredReport, 'originatorMember' | 'distribution' | 'tlp' | 'operationId' | 'personalDataReleasedTo'>;

/** TLP labels whose audience must be named one by one. */
export const NAMED_ONLY_TLP: readonly Tlp[] = ['RED', 'AMBER+STRICT'];
/** TLP labels under which the distribution level alone decides. */
export const DISTRIBUTABLE_TLP: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER'];

function operationOf(report: ReportAccessFacts, operation?: OperationAccessFacts): OperationAccessFacts | undefined {
  // An operation handed in for another report must not grant anything.
  return operation && report.operationId && operation.id === report.operationId ? operation : undefined;
}

function effectiveLevel(report: ReportAccessFacts): DistributionLevel {
  if (NAMED_ONLY_TLP.includes(report.tlp) && report.distribution.level !== 'named_members') return 'originator_only';
  return report.distribution.level;
}

function memberSees(member: string, report: ReportAccessFacts, operation?: OperationAccessFacts): boolean {
  if (report.originatorMember === member) return true;
  switch (effectiveLevel(report)) {
    case 'originator_only':
      return false;
    case 'named_members':
      return (report.distribution.members ?? []).includes(member);
    case 'all_members':
      return true;
    case 'operation_participants': {
      const op = operationOf(report, operation);
      return !!op && op.state !== 'archived' && op.participantMembers.includes(member);
    }
  }
}

function coordinatorSees(member: string, report: ReportAccessFacts, operation?: OperationAccessFacts): boolean {
  if (effectiveLevel(report) !== 'operation_participants') return false;
  const op = operationOf(report, operation);
  return !!op && op.state !== 'archived' && op.coordinatorMember === member;
}

export function canSeeReport(caller: PolicyCaller, report: ReportAccessFacts, operation?: OperationAccessFacts): boolean {
  if (caller.roles.includes('member-analyst') && memberSees(caller.member, report, operation)) return true;
  if (caller.roles.includes('operation-coordinator') && coordinatorSees(caller.member, report, operation)) return true;
  return false;
}

/**
 * The personal-data section is shown to the originator and to the Members it released it to, and only to analysts
 * of those Members who may see the report itself. Coordinating an operation gives no right to personal data.
 */
export function canSeePersonalData(caller: PolicyCaller, report: ReportAccessFacts, operation?: OperationAccessFacts): boolean {
  if (!caller.roles.includes('member-analyst') || !memberSees(caller.member, report, operation)) return false;
  return report.originatorMember === caller.member || (report.personalDataReleasedTo ?? []).includes(caller.member);
}

/**
 * Export (a STIX bundle that leaves the platform) is onward sharing the platform can no longer control. Under RED and
 * AMBER+STRICT only the originator may export; under AMBER, GREEN and CLEAR anyone who sees the report may, and the
 * bundle carries the TLP marking so that the recipient's tools keep honouring it.
 */
export function canExport(caller: PolicyCaller, report: ReportAccessFacts, operation?: OperationAccessFacts): boolean {
  if (!canSeeReport(caller, report, operation)) return false;
  if (NAMED_ONLY_TLP.includes(report.tlp)) {
    return caller.roles.includes('member-analyst') && report.originatorMember === caller.member;
  }
  return true;
}

export interface CorrelatedReport {
  report: ReportAccessFacts;
  operation?: OperationAccessFacts;
}

/**
 * A match between two reports may exist only if each originating Member may see the other's report; otherwise the
 * match itself would reveal that the other report exists.
 */
export function canKnowOfEachOther(a: CorrelatedReport, b: CorrelatedReport): boolean {
  return memberSees(a.report.originatorMember, b.report, b.operation) && memberSees(b.report.originatorMember, a.report, a.operation);
}

/** The report as a given caller may read it: without the personal-data section unless released to them. */
export function redactForCaller<R extends ReportAccessFacts & { personalData?: unknown }>(
  caller: PolicyCaller,
  report: R,
  operation?: OperationAccessFacts,
): R {
  if (canSeePersonalData(caller, report, operation)) return report;
  const { personalData: _omitted, ...rest } = report;
  return rest as R;
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * The visibility rules as a SQL condition over the `report` table (alias configurable), for list and search queries
 * that must filter in the database. Columns used:
 *   <alias>.originator_member   text
 *   <alias>.distribution_level  text    one of DISTRIBUTION_LEVELS
 *   <alias>.distribution_members text[] Member codes (empty unless named_members)
 *   <alias>.tlp                 text    one of TLP_LEVELS
 *   <alias>.operation_id        uuid    nullable
 * and the tables operation(id uuid, coordinator_member text, state text) and
 * operation_participant(operation_id uuid, member text).
 * The caller's Member code is the only parameter (numbered from `firstParam`); no caller input is spliced into SQL.
 */
export function visibilityPredicate(caller: PolicyCaller, alias = 'r', firstParam = 1): SqlFragment {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`invalid SQL alias: ${alias}`);
  const me = `$${firstParam}`;
  const distributable = DISTRIBUTABLE_TLP.map((t) => `'${t}'`).join(', ');
  const conditions: string[] = [];
  if (caller.roles.includes('member-analyst')) {
    conditions.push(
      `${alias}.originator_member = ${me}`,
      `(${alias}.distribution_level = 'named_members' AND ${me} = ANY(${alias}.distribution_members))`,
      `(${alias}.distribution_level = 'all_members' AND ${alias}.tlp IN (${distributable}))`,
      `(${alias}.distribution_level = 'operation_participants' AND ${alias}.tlp IN (${distributable}) AND EXISTS (` +
        `SELECT 1 FROM operation_participant op_p JOIN operation op_o ON op_o.id = op_p.operation_id ` +
        `WHERE op_p.operation_id = ${alias}.operation_id AND op_p.member = ${me} AND op_o.state <> 'archived'))`,
    );
  }
  if (caller.roles.includes('operation-coordinator')) {
    conditions.push(
      `(${alias}.distribution_level = 'operation_participants' AND ${alias}.tlp IN (${distributable}) AND EXISTS (` +
        `SELECT 1 FROM operation op_c WHERE op_c.id = ${alias}.operation_id ` +
        `AND op_c.coordinator_member = ${me} AND op_c.state <> 'archived'))`,
    );
  }
  if (conditions.length === 0) return { sql: 'FALSE', params: [] };
  return { sql: `(${conditions.join(' OR ')})`, params: [caller.member] };
}
