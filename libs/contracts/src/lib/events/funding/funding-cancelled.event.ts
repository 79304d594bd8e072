import { IsUUID } from 'class-validator';
import { Topics } from '../../topics/topic-registry';

/** The mission was cancelled: its reservation is voided. */
export class FundingCancelledEvent {
  static readonly type = 'org.wcoomd.assistance.funding.cancelled.v1';
  static readonly topic = Topics.AssistanceFunding;

  @IsUUID()
  missionId: string;
}
