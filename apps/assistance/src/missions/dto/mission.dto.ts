import { Trim } from '@wco/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BUDGET_LINE_CODE_PATTERN } from '@wco/contracts';
import { LANGUAGES, REQUEST_KINDS, THEMATIC_AREA_CODES } from '../../domain/assistance.codes';
import type { Language, RequestKind, ThematicArea } from '../../domain/assistance.codes';
import { FUNDING_STATUSES, LOGISTICS_STATUSES, MISSION_CHANGES, MISSION_STATES } from '../missions.repository';
import type { FundingStatus, LogisticsStatus, MissionChange, MissionState } from '../missions.repository';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** 100 million EUR in cents: far above any mission, far below what an int64 or a JS number would lose. */
const MAX_CENTS = 10_000_000_000;

export class CostEstimateDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_CENTS, description: 'EUR cents' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  travelCents: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_CENTS, description: 'Daily subsistence allowance, EUR cents' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  subsistenceCents: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_CENTS, description: 'Expert fees, EUR cents' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  feesCents: number;
}

export class CreateMissionDto {
  @ApiProperty({ minLength: 3, maxLength: 200 })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ enum: REQUEST_KINDS, description: "Default: the request's kind" })
  @IsOptional()
  @IsIn(REQUEST_KINDS)
  kind?: RequestKind;

  @ApiPropertyOptional({ enum: THEMATIC_AREA_CODES, description: "Default: the request's area" })
  @IsOptional()
  @IsIn(THEMATIC_AREA_CODES)
  thematicArea?: ThematicArea;

  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'startDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  startDate: string;

  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'endDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endDate: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Trim()
  @MinLength(2)
  @MaxLength(200)
  location: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: "Default: the request's language" })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiProperty({ type: CostEstimateDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CostEstimateDto)
  costEstimate: CostEstimateDto;

  @ApiProperty({
    example: '2.10.003',
    pattern: BUDGET_LINE_CODE_PATTERN.source,
    description: "budget-audit's line code, chapter.article.line",
  })
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'budgetLine must be a budget line code chapter.article.line such as 2.10.003' })
  budgetLine: string;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;
}

export class FundingRequestDto {
  @ApiPropertyOptional({
    pattern: BUDGET_LINE_CODE_PATTERN.source,
    description: 'Another budget line, e.g. after an unknown_line rejection',
  })
  @IsOptional()
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'budgetLine must be a budget line code chapter.article.line such as 2.10.003' })
  budgetLine?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100 })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear?: number;
}

export class DeliveryDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_CENTS, description: 'Actual cost, EUR cents' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  actualCents: number;

  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(8000)
  findings: string;

  @ApiProperty({ type: [String], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  recommendations: string[];
}

/** No fields yet: a cancellation carries no reason (funding.cancelled has none); the body is an empty object. */
export class CancelMissionDto {}

export class AssignExpertDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  expertId: string;
}

export class MissionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() member: string;
  @ApiProperty({ enum: REQUEST_KINDS }) kind: RequestKind;
  @ApiProperty({ enum: THEMATIC_AREA_CODES }) thematicArea: ThematicArea;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty() location: string;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ type: CostEstimateDto }) costEstimate: CostEstimateDto;
  @ApiProperty() estimateCents: number;
  @ApiProperty() budgetLine: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ enum: MISSION_STATES }) state: MissionState;
  @ApiProperty({ enum: FUNDING_STATUSES }) fundingStatus: FundingStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: "budget-audit's reason for a rejection" }) fundingReason: string | null;
  @ApiProperty({
    description:
      'Funding overdue: no answer from budget-audit after the automatic re-requests (FUNDING_RETRY_MAX_ATTEMPTS, waits doubling from FUNDING_REPLY_TIMEOUT_SECONDS); a coordinator may request it again',
  })
  fundingOverdue: boolean;
  @ApiProperty({ type: 'integer', description: 'Funding requests sent for the current approval (the first and the automatic re-requests)' })
  fundingAttempts: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'While pending: when it is re-requested (or marked overdue) if no answer comes',
  })
  fundingNextAttemptAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When the mission was marked funding overdue' })
  fundingOverdueSince: string | null;
  @ApiProperty({ enum: LOGISTICS_STATUSES }) logisticsStatus: LogisticsStatus;
  @ApiPropertyOptional({ nullable: true, type: Number }) actualCents: number | null;
  @ApiPropertyOptional({ nullable: true }) report: { findings: string; recommendations: string[] } | null;
  @ApiProperty({ type: [String], description: 'Roster ids of the assigned experts' }) expertIds: string[];
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class MissionListView {
  @ApiProperty({ type: [MissionView] }) items: MissionView[];
}

export class LogisticsMoveDto {
  @ApiProperty({ enum: LOGISTICS_STATUSES })
  @IsIn(LOGISTICS_STATUSES)
  to: LogisticsStatus;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The mission version the caller last read' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required for a move back' })
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(1000)
  reason?: string;
}

export class MissionHistoryEntryView {
  @ApiProperty({ enum: MISSION_CHANGES }) change: MissionChange;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'State, logistics or funding status before' }) from: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'and after' }) to: string | null;
  @ApiProperty({ description: 'Token subject, or budget-audit / scheduler:funding-retry' }) actor: string;
  @ApiProperty() actorMember: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'The mission version after the change' }) version: number;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class MissionHistoryView {
  @ApiProperty({ type: [MissionHistoryEntryView] }) items: MissionHistoryEntryView[];
}
