import { randomUUID } from 'node:crypto';
import type { WcoRole } from '@wco/auth';
import { PolicyCaller, ReportAccessFacts } from '../access-policy';
import { DISTRIBUTION_LEVELS, TLP_LEVELS } from '../code-lists';
import { OperationAccessFacts } from '../report.types';

// A generated matrix of reports × callers, including combinations validation would refuse (a policy must not
// depend on every stored row having been validated).

export interface MatrixReport extends ReportAccessFacts {
  id: string;
}

export const MATRIX_OPERATIONS: OperationAccessFacts[] = [
  { id: randomUUID(), coordinatorMember: 'WCO', participantMembers: ['FR', 'KE'], state: 'active' },
  { id: randomUUID(), coordinatorMember: 'WCO', participantMembers: ['FR', 'BR'], state: 'archived' },
  { id: randomUUID(), coordinatorMember: 'FR', participantMembers: ['KE', 'DE'], state: 'planned' },
];

const MEMBER_LISTS = [['KE'], ['BR', 'DE'], []];

export function matrixReports(): MatrixReport[] {
  const reports: MatrixReport[] = [];
  for (const originatorMember of ['FR', 'KE']) {
    for (const tlp of TLP_LEVELS) {
      for (const operation of [undefined, ...MATRIX_OPERATIONS]) {
        for (const level of DISTRIBUTION_LEVELS) {
          // Members on a non-named level are a stray value that must be ignored.
          const lists = level === 'named_members' ? MEMBER_LISTS : [[], ['DE']];
          for (const members of lists) {
            reports.push({
              id: randomUUID(),
              originatorMember,
              tlp,
              operationId: operation?.id,
              distribution: { level, members },
              personalDataReleasedTo: members.slice(0, 1),
            });
          }
        }
      }
    }
  }
  return reports;
}

const ROLE_SETS: WcoRole[][] = [
  ['member-analyst'],
  ['operation-coordinator'],
  ['auditor'],
  ['admin'],
  ['member-analyst', 'operation-coordinator'],
];

export function matrixCallers(): PolicyCaller[] {
  return ['FR', 'KE', 'BR', 'DE', 'WCO'].flatMap((member) => ROLE_SETS.map((roles) => ({ member, roles })));
}

export function operationFor(report: ReportAccessFacts): OperationAccessFacts | undefined {
  return MATRIX_OPERATIONS.find((o) => o.id === report.operationId);
}
