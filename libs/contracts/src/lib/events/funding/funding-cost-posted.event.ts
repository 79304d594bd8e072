import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MAX_AMOUNT_CENTS } from './funding.amounts';

/** The mission was delivered: its actual cost is posted against the reservation and the rest is released. */
export class FundingCostPostedEvent {
  static readonly type = 'org.wcoomd.assistance.funding.cost-posted.v1';
  static readonly topic = Topics.AssistanceFunding;

  @IsUUID()
  missionId: string;

  /** EUR integer cents; 0 releases everything. More than was reserved is refused (funding.rejected, insufficient_funds). */
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  actualCents: number;
}
