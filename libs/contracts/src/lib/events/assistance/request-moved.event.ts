import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';

/** The states of an assistance request (the workflow of apps/assistance). */
export const REQUEST_STATES = [
  'draft',
  'submitted',
  'screening',
  'info_requested',
  'needs_assessment',
  'pending_approval',
  'approved',
  'rejected',
  'duplicate',
  'mission_planning',
  'scheduled',
  'in_delivery',
  'delivered',
  'evaluation',
  'closed',
  'on_hold',
  'cancelled',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * One move of an assistance request's workflow, for the Member that requested it (the gateway delivers it as a
 * notification to that Member only): more information requested, approved, rejected, scheduled... No personal data:
 * no contact, no actor (a user id); the reason is the one the Member sees in the request's history.
 */
export class RequestMovedEvent {
  static readonly type = 'org.wcoomd.assistance.request.moved.v1';
  static readonly topic = Topics.AssistanceRequest;

  @IsUUID()
  requestId: string;

  /** The requesting Member, the only recipient. */
  @Matches(MEMBER_CODE_PATTERN, { message: 'member must be a Member code such as FR' })
  member: string;

  @IsIn(REQUEST_STATES)
  from: RequestState;

  @IsIn(REQUEST_STATES)
  to: RequestState;

  /** The request's version after the move (orders the moves of one request). */
  @IsInt()
  @Min(1)
  version: number;

  @IsString()
  @MaxLength(200)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  /** Set on a move to `duplicate`: the request it duplicates. */
  @IsOptional()
  @IsUUID()
  duplicateOf?: string;

  @IsISO8601({ strict: true })
  occurredAt: string;
}
