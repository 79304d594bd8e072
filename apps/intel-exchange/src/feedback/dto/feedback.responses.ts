import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { API_ENUMS } from '../../common/api-properties';
import { FEEDBACK_OUTCOMES } from '../feedback.entity';
import type { FeedbackOutcomeCode } from '../feedback.entity';
import type { FeedbackView } from './feedback.dto';

@ApiSchema({ name: 'FeedbackView', description: 'A sighting recorded on a report' })
export class FeedbackViewSchema implements FeedbackView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  reportId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  matchId: string | null;

  @ApiProperty({ ...API_ENUMS.organisation, description: 'The Member that gave the feedback' })
  member: string;

  @ApiProperty({ enum: [...FEEDBACK_OUTCOMES], enumName: 'FeedbackOutcome' })
  outcome: FeedbackOutcomeCode;

  @ApiProperty()
  anonymous: boolean;

  @ApiPropertyOptional({ description: "Only to the giver's own Member, and only when not anonymous" })
  subject?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
