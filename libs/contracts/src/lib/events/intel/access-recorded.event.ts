import { IsEnum, IsInt, IsISO8601, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { AccessKind, MEMBER_CODE_PATTERN } from './intel.enums';

/** An access receipt: someone read a report. Part of the audit stream (topic kept forever). */
export class AccessRecordedEvent {
  static readonly type = 'org.wcoomd.intel.access.recorded.v1';
  static readonly topic = Topics.IntelAccess;

  @IsUUID()
  receiptId: string;

  @IsUUID()
  reportId: string;

  @IsInt()
  @Min(1)
  reportVersion: number;

  @Matches(MEMBER_CODE_PATTERN, { message: 'accessorMember must be a Member code such as FR' })
  accessorMember: string;

  /** The `sub` claim of the token: an opaque identifier, not a name. */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  accessorSubject: string;

  @IsEnum(AccessKind)
  accessKind: AccessKind;

  @IsISO8601({ strict: true })
  accessedAt: string;
}
