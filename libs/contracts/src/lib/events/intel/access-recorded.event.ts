import { IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { AccessKind, MEMBER_CODE_PATTERN, Tlp } from './intel.enums';

/**
 * An access receipt: someone read a report. Part of the audit stream (topic kept forever, and its DLQ too), so it
 * must be understandable on its own after the report events have expired: it names the report's originating
 * Member, its TLP and operation at the time of the read, and the role through which the reader was allowed.
 * Those four are optional only for receipts recorded before they existed.
 */
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

  /** The role the read was allowed through, as spelled in the token (member-analyst, operation-coordinator). */
  @IsOptional()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'accessorRole must be a role name such as member-analyst' })
  accessorRole?: string;

  @IsOptional()
  @Matches(MEMBER_CODE_PATTERN, { message: 'originatorMember must be a Member code such as FR' })
  originatorMember?: string;

  /** The report's TLP when it was read. */
  @IsOptional()
  @IsEnum(Tlp)
  tlp?: Tlp;

  /** The operation the report belonged to when it was read; absent for a report outside any operation. */
  @IsOptional()
  @IsUUID()
  operationId?: string;

  @IsEnum(AccessKind)
  accessKind: AccessKind;

  @IsISO8601({ strict: true })
  accessedAt: string;
}
