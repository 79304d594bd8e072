import { ArrayUnique, IsArray, IsEnum, IsInt, IsISO8601, IsUUID, Matches, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { MEMBER_CODE_PATTERN, OperationChange, OperationStatus } from './intel.enums';

/** A joint operation changed; carries its state after the change so consumers need no earlier event. */
export class OperationChangedEvent {
  static readonly type = 'org.wcoomd.intel.operation.changed.v1';
  static readonly topic = Topics.IntelOperation;

  @IsUUID()
  operationId: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsEnum(OperationChange)
  change: OperationChange;

  @IsEnum(OperationStatus)
  status: OperationStatus;

  @Matches(MEMBER_CODE_PATTERN, { message: 'coordinatorMember must be a Member code such as FR' })
  coordinatorMember: string;

  @IsArray()
  @ArrayUnique()
  @Matches(MEMBER_CODE_PATTERN, { each: true, message: 'each participant must be a Member code such as FR' })
  participants: string[];

  @IsISO8601({ strict: true })
  changedAt: string;
}
