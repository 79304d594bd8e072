import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CORRECTION_STATUSES = ['proposed', 'accepted', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

@Entity({ name: 'report_correction' })
export class ReportCorrectionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ name: 'base_version', type: 'integer' })
  baseVersion: number;

  @Column({ name: 'proposed_by_member', type: 'varchar', length: 3 })
  proposedByMember: string;

  @Column({ name: 'proposed_by_subject', type: 'varchar', length: 255 })
  proposedBySubject: string;

  /** Top-level report sections replaced by the correction (a JSON merge of non-personal fields). */
  @Column({ type: 'jsonb' })
  changes: object;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: CorrectionStatus;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 255, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ name: 'resulting_version', type: 'integer', nullable: true })
  resultingVersion: number | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
