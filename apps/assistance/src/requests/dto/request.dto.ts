import { Trim } from '@wco/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
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
  ArrayMaxSize,
  ValidateNested,
} from 'class-validator';
import { LANGUAGES, NEED_SOURCES, PRIORITIES, REQUEST_KINDS, THEMATIC_AREA_CODES } from '../../domain/assistance.codes';
import type { Language, NeedSource, Priority, RequestKind, ThematicArea } from '../../domain/assistance.codes';
import { REQUEST_STATES } from '../request-workflow';
import type { AllowedTransition, RequestState } from '../request-workflow';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class NeedDto {
  @ApiProperty({
    enum: NEED_SOURCES,
    description:
      'free_text: the Member says it; diagnostic_gap: a gap a diagnostic found; performance_indicator: an indicator with its baseline',
  })
  @IsIn(NEED_SOURCES)
  source: NeedSource;

  @ApiProperty({ minLength: 3, maxLength: 4000 })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(4000)
  description: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The diagnostic report or indicator it comes from (required unless free_text)' })
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional({ maxLength: 200, description: "The indicator's baseline value (required for performance_indicator)" })
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  baseline?: string;
}

export class PeriodDto {
  @ApiProperty({ format: 'date', example: '2027-03-01' })
  @Matches(DATE, { message: 'start must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  start: string;

  @ApiProperty({ format: 'date', example: '2027-03-31' })
  @Matches(DATE, { message: 'end must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  end: string;
}

/** Personal data: stored in the restricted schema, shown to the requester and coordinators only, never in events. */
export class ContactDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 254, format: 'email' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{4,40}$/, { message: 'phone must be a telephone number' })
  phone?: string;
}

export class CreateRequestDto {
  @ApiProperty({ enum: REQUEST_KINDS })
  @IsIn(REQUEST_KINDS)
  kind: RequestKind;

  @ApiProperty({ enum: THEMATIC_AREA_CODES, description: 'SP7/SP8 thematic area (GET /reference/thematic-areas)' })
  @IsIn(THEMATIC_AREA_CODES)
  thematicArea: ThematicArea;

  @ApiProperty({ minLength: 3, maxLength: 200 })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @ApiProperty({ minLength: 3, maxLength: 4000 })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(4000)
  objectives: string;

  @ApiProperty({ type: NeedDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NeedDto)
  need: NeedDto;

  @ApiProperty({ type: PeriodDto, description: 'Desired period' })
  @IsObject()
  @ValidateNested()
  @Type(() => PeriodDto)
  period: PeriodDto;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority: Priority;

  @ApiProperty({ type: ContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;
}

export class TransitionDto {
  @ApiProperty({ enum: REQUEST_STATES })
  @IsIn(REQUEST_STATES)
  to: RequestState;

  @ApiProperty({ minimum: 1, description: 'The version the caller last read (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The original request (required when moving to duplicate)' })
  @IsOptional()
  @IsUUID()
  duplicateOf?: string;
}

export class InterventionDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(500)
  description: string;

  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority: Priority;
}

export class NeedsAssessmentDto {
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
  @MaxLength(500, { each: true })
  gaps: string[];

  @ApiProperty({ type: [InterventionDto], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InterventionDto)
  interventions: InterventionDto[];
}

export class TransitionView {
  @ApiProperty({ nullable: true, type: String })
  from: RequestState | null;
  @ApiProperty()
  to: RequestState;
  @ApiProperty()
  by: string;
  @ApiProperty()
  byMember: string;
  @ApiProperty({ nullable: true, type: String })
  reason: string | null;
  @ApiProperty()
  version: number;
  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class AllowedTransitionView {
  @ApiProperty()
  to: RequestState;
  @ApiProperty({ type: [String] })
  by: string[];
}

/** A request as its readers see it; `contact` only on the single-request read. */
export class RequestView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'FR' })
  member: string;
  @ApiProperty({ enum: REQUEST_KINDS })
  kind: RequestKind;
  @ApiProperty({ enum: THEMATIC_AREA_CODES })
  thematicArea: ThematicArea;
  @ApiProperty()
  title: string;
  @ApiProperty()
  objectives: string;
  @ApiProperty({ type: NeedDto })
  need: NeedDto;
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;
  @ApiProperty({ enum: LANGUAGES })
  language: Language;
  @ApiProperty({ enum: PRIORITIES })
  priority: Priority;
  @ApiProperty({ enum: REQUEST_STATES })
  state: RequestState;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  duplicateOf: string | null;
  @ApiPropertyOptional({ type: NeedsAssessmentDto, description: 'Absent until recorded' })
  needsAssessment?: NeedsAssessmentDto;
  @ApiProperty({ type: [AllowedTransitionView], description: 'Moves the workflow allows from the current state' })
  allowedTransitions: AllowedTransition[];
  @ApiProperty()
  version: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
  @ApiPropertyOptional({ type: ContactDto })
  contact?: ContactDto;
  @ApiPropertyOptional({ type: [TransitionView] })
  history?: TransitionView[];
}

export class RequestPageView {
  @ApiProperty({ type: [RequestView] })
  items: RequestView[];
  @ApiPropertyOptional({ nullable: true, type: String })
  nextCursor: string | null;
}
