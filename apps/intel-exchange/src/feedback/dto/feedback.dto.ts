import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { FEEDBACK_OUTCOMES } from '../feedback.entity';
import type { FeedbackOutcomeCode } from '../feedback.entity';

export class RecordFeedbackDto {
  @ApiProperty({
    enum: [...FEEDBACK_OUTCOMES],
    enumName: 'FeedbackOutcome',
    description: 'What the Member saw: seen, hit, seized or false_positive',
  })
  @IsIn(FEEDBACK_OUTCOMES)
  outcome: FeedbackOutcomeCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'The match this sighting is about (a match of the caller Member)' })
  @IsOptional()
  @IsUUID()
  matchId?: string;

  @ApiPropertyOptional({ description: 'Store only the Member, not who gave the feedback', default: false })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;
}

export interface FeedbackView {
  id: string;
  reportId: string;
  matchId: string | null;
  /** Absent on anonymous feedback, except to the giver's own Member and the coordinator of the report's operation. */
  member?: string;
  outcome: FeedbackOutcomeCode;
  anonymous: boolean;
  /** Only to the giver's own Member. */
  subject?: string;
  createdAt: string;
}
