import { Column, Entity, PrimaryColumn } from 'typeorm';

import { FEEDBACK_KINDS } from '../domain/code-lists';
import type { FeedbackKind } from '../domain/code-lists';

export const FEEDBACK_OUTCOMES = FEEDBACK_KINDS;
export type FeedbackOutcomeCode = FeedbackKind;

@Entity({ name: 'feedback' })
export class FeedbackEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ name: 'match_id', type: 'uuid', nullable: true })
  matchId: string | null;

  @Column({ type: 'varchar', length: 3 })
  member: string;

  /** Null when the feedback was given anonymously. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 32 })
  outcome: FeedbackOutcomeCode;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
