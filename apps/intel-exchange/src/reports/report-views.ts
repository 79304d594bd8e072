import type { Principal } from '@wco/auth';
import type { PersonalData } from '../domain/report.types';
import type { CorrectionView, ReportView } from './dto/report.view';
import type { ReportCorrectionEntity } from './report-correction.entity';
import type { ReportContent } from './report-version.entity';
import type { ReportEntity } from './report.entity';

// The API views of a report and of a correction, shared by the use cases that answer with them.

export function toView(
  caller: Principal,
  row: Pick<ReportEntity, 'id' | 'currentVersion' | 'originatorMember' | 'createdAt'>,
  version: number,
  content: ReportContent,
  versionCreatedAt: Date,
  submittedBy: string,
  personalData: PersonalData | undefined,
): ReportView {
  const own = row.originatorMember === caller.member && caller.roles.includes('member-analyst');
  const { personalDataReleasedTo, ...shared } = content;
  return {
    id: row.id,
    version,
    currentVersion: row.currentVersion,
    originatorMember: row.originatorMember,
    createdAt: row.createdAt.toISOString(),
    versionCreatedAt: versionCreatedAt.toISOString(),
    ...shared,
    ...(own ? { submittedBy, personalDataReleasedTo: personalDataReleasedTo ?? [] } : {}),
    ...(personalData ? { personalData } : {}),
  };
}

export function toCorrectionView(c: ReportCorrectionEntity): CorrectionView {
  return {
    id: c.id,
    reportId: c.reportId,
    baseVersion: c.baseVersion,
    proposedByMember: c.proposedByMember,
    changes: c.changes as Record<string, unknown>,
    comment: c.comment,
    status: c.status,
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
    decisionReason: c.decisionReason,
    resultingVersion: c.resultingVersion,
    createdAt: c.createdAt.toISOString(),
  };
}
