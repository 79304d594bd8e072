import { IsInt, IsUUID, Matches, Max, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN } from '../intel/intel.enums';
import { BUDGET_LINE_CODE_PATTERN, MAX_AMOUNT_CENTS } from './funding.amounts';

/** assistance asks budget-audit to reserve a mission's estimated cost on a budget line (the funding saga's first step). */
export class FundingRequestedEvent {
  static readonly type = 'org.wcoomd.assistance.funding.requested.v1';
  static readonly topic = Topics.AssistanceFunding;

  @IsUUID()
  missionId: string;

  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'lineCode must be a budget line code chapter.article.line such as 2.10.003' })
  lineCode: string;

  @IsInt()
  @Min(2000)
  @Max(2200)
  fiscalYear: number;

  /** The estimated cost, EUR integer cents. */
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountCents: number;

  /** The Member the mission serves (a Member code, or WCO). */
  @Matches(MEMBER_CODE_PATTERN, { message: 'requestedBy must be a Member code such as FR, or WCO' })
  requestedBy: string;
}
