import { CALLER_ROLES } from '../domain/code-lists';
import type { CallerRole, DistributionLevel, Tlp } from '../domain/code-lists';
import type { Caller, ReportAccessFacts } from '../domain/access-policy';
import type { Principal } from '../platform/principal';
import type { ReportEntity } from './report.entity';

const KNOWN_ROLES: ReadonlySet<string> = new Set(CALLER_ROLES);

/** The access policy's view of the authenticated user: roles this service does not know grant nothing. */
export function callerOf(principal: Principal): Caller {
  return { member: principal.member, roles: principal.roles.filter((r): r is CallerRole => KNOWN_ROLES.has(r)) };
}

/** A Member's analyst, as the policy sees the Member itself (who the match events and matches speak to). */
export function memberAnalyst(member: string): Caller {
  return { member, roles: ['member-analyst'] };
}

/** The columns of a report row the access policy reads. */
export type ReportAccessColumns = Pick<
  ReportEntity,
  'originatorMember' | 'tlp' | 'distributionLevel' | 'distributionMembers' | 'operationId' | 'personalDataReleasedTo'
>;

export function accessFactsOf(row: ReportAccessColumns): ReportAccessFacts {
  return {
    originatorMember: row.originatorMember,
    tlp: row.tlp as Tlp,
    distribution: {
      level: row.distributionLevel as DistributionLevel,
      ...(row.distributionLevel === 'named_members' ? { members: row.distributionMembers } : {}),
    },
    operationId: row.operationId ?? undefined,
    personalDataReleasedTo: row.personalDataReleasedTo,
  };
}
