import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';

/*
 * budget-audit's answers in the mission-funding saga (the requests are assistance/funding.events.ts). Key = missionId.
 * Optional fields are informative; a consumer must not need them to apply the step.
 */

export const FUNDING_REJECTION_REASONS = ['insufficient_funds', 'closed_year', 'unknown_line'] as const;
export type FundingRejectionReason = (typeof FUNDING_REJECTION_REASONS)[number];

/** A pending commitment now holds the requested amount on the line. */
export class FundingReservedEvent {
  static readonly type = 'org.wcoomd.budget.funding.reserved.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsOptional()
  @IsUUID()
  commitmentId?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents?: number;
}

/** Nothing was reserved. */
export class FundingRejectedEvent {
  static readonly type = 'org.wcoomd.budget.funding.rejected.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsIn(FUNDING_REJECTION_REASONS)
  reason: FundingRejectionReason;
}

/** The actual cost was posted against the commitment; the rest of the reservation was released. */
export class FundingPostedEvent {
  static readonly type = 'org.wcoomd.budget.funding.posted.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  postedCents?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  releasedCents?: number;
}

/** The reservation was released (the mission was cancelled). */
export class FundingReleasedEvent {
  static readonly type = 'org.wcoomd.budget.funding.released.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  releasedCents?: number;
}
