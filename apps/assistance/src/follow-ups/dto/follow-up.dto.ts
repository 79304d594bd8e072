import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@wco/http';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export const FOLLOW_UP_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateFollowUpDto {
  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'plannedDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  plannedDate: string;

  @ApiProperty({ minLength: 3, maxLength: 2000, example: 'Check that the risk profiles are maintained by the new targeting centre' })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(2000)
  purpose: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The mission of the request the visit follows up' })
  @IsOptional()
  @IsUUID()
  missionId?: string;
}

export class FollowUpTransitionDto {
  @ApiProperty({ enum: ['done', 'cancelled'] })
  @IsIn(['done', 'cancelled'])
  to: 'done' | 'cancelled';

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the caller last read' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ maxLength: 8000, description: 'What the visit found: required for done' })
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(8000)
  outcome?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(1000)
  reason?: string;
}

export class FollowUpQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;
}

export class FollowUpView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) missionId: string | null;
  @ApiProperty() member: string;
  @ApiProperty({ format: 'date' }) plannedDate: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() createdBy: string;
  @ApiPropertyOptional({ nullable: true, type: String }) closedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FollowUpListView {
  @ApiProperty({ type: [FollowUpView] }) items: FollowUpView[];
}
