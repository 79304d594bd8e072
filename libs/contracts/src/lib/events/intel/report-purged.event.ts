import { IsEnum, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN, ReportLifecycleAction } from './intel.enums';

/** The retention policy purged or anonymised a report; read models must drop what they hold of it. */
export class ReportPurgedEvent {
  static readonly type = 'org.wcoomd.intel.report.purged.v1';
  static readonly topic = Topics.IntelLifecycle;

  @IsUUID()
  reportId: string;

  /** No longer sent: a read model drops a report by its id, and the originator of a purged report is nobody else's business. */
  @IsOptional()
  @Matches(MEMBER_CODE_PATTERN, { message: 'originatorMember must be a Member code such as FR' })
  originatorMember?: string;

  @IsEnum(ReportLifecycleAction)
  action: ReportLifecycleAction;

  @IsISO8601({ strict: true })
  purgedAt: string;
}
