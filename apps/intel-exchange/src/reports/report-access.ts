import type { DistributionLevel, Tlp } from '../domain/code-lists';
import type { PolicyCaller, ReportAccessFacts } from '../domain/access-policy';
import type { ReportEntity } from './report.entity';

/** A Member's analyst, as the policy sees the Member itself (who the match events and matches speak to). */
export function memberAnalyst(member: string): PolicyCaller {
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
