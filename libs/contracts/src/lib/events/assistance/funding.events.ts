import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';

/*
 * The assistance side of the mission-funding saga (DESIGN.md, "Mission funding saga"): assistance asks, budget-audit
 * answers on budget.funding.v1 (budget/funding-reply.events.ts). Key = missionId on both topics, so the steps of one
 * mission stay in order. Amounts are integer EUR cents.
 */

/** A mission was approved for funding: reserve `amountCents` on the budget line for the fiscal year. */
export class FundingRequestedEvent {
  static readonly type = 'org.wcoomd.assistance.funding.requested.v1';
  static readonly topic = Topics.AssistanceFunding;

  @IsUUID()
  missionId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(64)
  lineCode: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents: number;

  /** The Member the mission serves. */
  @Matches(MEMBER_CODE_PATTERN, { message: 'requestedBy must be a Member code such as FR' })
  requestedBy: string;
}

/** (ce_type spells cost_posted as costposted: the envelope's type and the contract convention allow [a-z] only.) The mission was delivered: post its actual cost against the reservation (the rest is released). */
export class FundingCostPostedEvent {
  static readonly type = 'org.wcoomd.assistance.funding.costposted.v1';
  static readonly topic = Topics.AssistanceFunding;

  @IsUUID()
  missionId: string;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  actualCents: number;
}

/** The mission was cancelled: release whatever is reserved for it. */
export class FundingCancelledEvent {
  static readonly type = 'org.wcoomd.assistance.funding.cancelled.v1';
  static readonly topic = Topics.AssistanceFunding;

  @IsUUID()
  missionId: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
