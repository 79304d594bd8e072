import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { FUNDING_REJECTION_REASONS, MAX_AMOUNT_CENTS } from './funding.amounts';
import type { FundingRejectionReason } from './funding.amounts';

// budget-audit's answers to assistance's funding events, on budget.funding.v1 keyed by mission id.

/** The estimated cost is reserved (a pending commitment) on the line. */
export class FundingReservedEvent {
  static readonly type = 'org.wcoomd.budget.funding.reserved.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsUUID()
  commitmentId: string;

  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountCents: number;
}

/** A funding step was refused; nothing was reserved, posted or released by it. */
export class FundingRejectedEvent {
  static readonly type = 'org.wcoomd.budget.funding.rejected.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsIn(FUNDING_REJECTION_REASONS)
  reason: FundingRejectionReason;

  /** A sentence for people (amounts, the line, the year); machines use `reason`. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  detail?: string;
}

/** The actual cost is posted (spent); what was reserved beyond it is released. */
export class FundingPostedEvent {
  static readonly type = 'org.wcoomd.budget.funding.posted.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsUUID()
  commitmentId: string;

  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  postedCents: number;

  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  releasedCents: number;
}

/** The reservation is voided (mission cancelled) or expired at year closing: its whole amount is available again. */
export class FundingReleasedEvent {
  static readonly type = 'org.wcoomd.budget.funding.released.v1';
  static readonly topic = Topics.BudgetFunding;

  @IsUUID()
  missionId: string;

  @IsUUID()
  commitmentId: string;

  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  releasedCents: number;
}
