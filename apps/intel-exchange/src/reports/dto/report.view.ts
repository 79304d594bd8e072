import type { PersonalData, ReportSubmission } from '../../domain/report.types';

/** A report version as one caller may read it. */
export interface ReportView extends Omit<ReportSubmission, 'personalData' | 'personalDataReleasedTo'> {
  id: string;
  version: number;
  currentVersion: number;
  originatorMember: string;
  createdAt: string;
  versionCreatedAt: string;
  /** Only for the originating Member: which analyst submitted the version. */
  submittedBy?: string;
  /** Only for Members the originator released it to (and the originator). */
  personalData?: PersonalData;
  /** Only for the originating Member. */
  personalDataReleasedTo?: string[];
}

export interface ReportPage {
  items: ReportView[];
  nextCursor: string | null;
}

export interface ReportVersionSummary {
  version: number;
  createdAt: string;
  correctionId: string | null;
  submittedBy?: string;
}

export interface CorrectionView {
  id: string;
  reportId: string;
  baseVersion: number;
  proposedByMember: string;
  changes: Record<string, unknown>;
  comment: string | null;
  status: 'proposed' | 'accepted' | 'rejected';
  decidedAt: string | null;
  decisionReason: string | null;
  resultingVersion: number | null;
  createdAt: string;
}
