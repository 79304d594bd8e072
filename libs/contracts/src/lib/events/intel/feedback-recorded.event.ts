import { IsEnum, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { FeedbackOutcome, MEMBER_CODE_PATTERN } from './intel.enums';

/** A Member gave feedback on a report or a match (outcome only, no free text). */
export class FeedbackRecordedEvent {
  static readonly type = 'org.wcoomd.intel.feedback.recorded.v1';
  static readonly topic = Topics.IntelFeedback;

  @IsUUID()
  feedbackId: string;

  @IsUUID()
  reportId: string;

  @IsOptional()
  @IsUUID()
  matchId?: string;

  /** The Member that gave it; absent when the feedback was given anonymously (the API hides it too). */
  @IsOptional()
  @Matches(MEMBER_CODE_PATTERN, { message: 'member must be a Member code such as FR' })
  member?: string;

  @IsEnum(FeedbackOutcome)
  outcome: FeedbackOutcome;

  @IsISO8601({ strict: true })
  recordedAt: string;
}
