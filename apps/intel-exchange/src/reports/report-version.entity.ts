import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReportSubmission } from '../domain/report.types';

/** What a version says, minus its personal data (which lives in the restricted schema). */
export type ReportContent = Omit<ReportSubmission, 'personalData'>;

@Entity({ name: 'report_version' })
export class ReportVersionEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  content: ReportContent;

  @Column({ name: 'submitted_by', type: 'varchar', length: 255 })
  submittedBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'correction_id', type: 'uuid', nullable: true })
  correctionId: string | null;
}
