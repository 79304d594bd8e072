import { ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { IndicatorKind, MEMBER_CODE_PATTERN } from './intel.enums';

/**
 * Two reports share indicators. One event per Member to notify, holding only what that Member may see:
 * the kinds of indicator that matched, never their values.
 */
export class MatchFoundEvent {
  static readonly type = 'org.wcoomd.intel.match.found.v1';
  static readonly topic = Topics.IntelMatch;

  @IsUUID()
  matchId: string;

  @IsUUID()
  reportId: string;

  /** Absent when the notified Member may not see the other report: it then learns only that a match exists. */
  @IsOptional()
  @IsUUID()
  matchedReportId?: string;

  @Matches(MEMBER_CODE_PATTERN, { message: 'memberToNotify must be a Member code such as FR' })
  memberToNotify: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(IndicatorKind, { each: true })
  indicatorKinds: IndicatorKind[];

  @IsISO8601({ strict: true })
  matchedAt: string;
}
