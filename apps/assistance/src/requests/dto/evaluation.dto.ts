import { Trim } from '@wco/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** The OECD-DAC evaluation criteria (2019 revision). */
export const DAC_CRITERIA = ['relevance', 'coherence', 'effectiveness', 'efficiency', 'impact', 'sustainability'] as const;
export type DacCriterion = (typeof DAC_CRITERIA)[number];

export class CriterionScoreDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 4,
    description: '1 unsatisfactory, 2 partly satisfactory, 3 satisfactory, 4 highly satisfactory',
  })
  @IsInt()
  @Min(1)
  @Max(4)
  rating: number;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Trim()
  @MaxLength(2000)
  comment: string;
}

export class CriteriaDto {
  @ApiProperty({ type: CriterionScoreDto }) @IsObject() @ValidateNested() @Type(() => CriterionScoreDto) relevance: CriterionScoreDto;
  @ApiProperty({ type: CriterionScoreDto }) @IsObject() @ValidateNested() @Type(() => CriterionScoreDto) coherence: CriterionScoreDto;
  @ApiProperty({ type: CriterionScoreDto }) @IsObject() @ValidateNested() @Type(() => CriterionScoreDto) effectiveness: CriterionScoreDto;
  @ApiProperty({ type: CriterionScoreDto }) @IsObject() @ValidateNested() @Type(() => CriterionScoreDto) efficiency: CriterionScoreDto;
  @ApiProperty({ type: CriterionScoreDto }) @IsObject() @ValidateNested() @Type(() => CriterionScoreDto) impact: CriterionScoreDto;
  @ApiProperty({ type: CriterionScoreDto }) @IsObject() @ValidateNested() @Type(() => CriterionScoreDto) sustainability: CriterionScoreDto;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * How an indicator is measured (IATI IndicatorMeasure): `unit` (1) and `percentage` (2) are numeric, their
 * baseline, targets and actuals decimal numbers written as text ("42", "12.5"); `qualitative` (5) values are words.
 */
export const INDICATOR_MEASURES = ['unit', 'percentage', 'qualitative'] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];
export const NUMERIC_MEASURES: readonly IndicatorMeasure[] = ['unit', 'percentage'];
/** A decimal number as text: what IATI's @value takes. */
export const DECIMAL_VALUE = /^-?\d{1,12}(\.\d{1,6})?$/;

/** One reporting period of an indicator: its target for the period and, once measured, the actual. */
export class IndicatorPeriodDto {
  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'start must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  start: string;

  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'end must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  end: string;

  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) target: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Absent until measured' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actual?: string;
}

/** A result indicator (IATI results vocabulary): where it stood, where it should get, where it got, and when. */
export class ResultIndicatorDto {
  @ApiProperty({ maxLength: 200, example: 'Average release time of imports (hours)' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) baseline: string;
  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'baselineDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  baselineDate: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) target: string;
  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'targetDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  targetDate: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Absent until measured' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actual?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE, { message: 'actualDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  actualDate?: string;

  @ApiPropertyOptional({
    enum: INDICATOR_MEASURES,
    default: 'qualitative',
    description: 'unit and percentage: baseline, target and actual (and each period’s) are decimal numbers as text',
  })
  @IsOptional()
  @IsIn(INDICATOR_MEASURES)
  measure?: IndicatorMeasure;

  @ApiPropertyOptional({ description: 'Higher is better (IATI @ascending); for a release time, false' })
  @IsOptional()
  @IsBoolean()
  ascending?: boolean;

  @ApiPropertyOptional({
    type: [IndicatorPeriodDto],
    maxItems: 20,
    description: 'Reporting periods with their targets and actuals; without them, one period from baselineDate to targetDate',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IndicatorPeriodDto)
  periods?: IndicatorPeriodDto[];
}

/** The fields of numeric indicators (unit, percentage) that are not decimal numbers, and periods that end before they start. */
export function indicatorFieldErrors(indicators: ResultIndicatorDto[]): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  indicators.forEach((ind, i) => {
    const at = `indicators.${i}`;
    const numeric = NUMERIC_MEASURES.includes(ind.measure ?? 'qualitative');
    const check = (field: string, value: string | undefined) => {
      if (numeric && value !== undefined && !DECIMAL_VALUE.test(value))
        errors.push({ field: `${at}.${field}`, reason: `must be a decimal number (measure ${ind.measure})` });
    };
    check('baseline', ind.baseline);
    check('target', ind.target);
    check('actual', ind.actual);
    (ind.periods ?? []).forEach((p, j) => {
      check(`periods.${j}.target`, p.target);
      check(`periods.${j}.actual`, p.actual);
      if (p.end < p.start) errors.push({ field: `${at}.periods.${j}.end`, reason: 'must not be before start' });
    });
  });
  return errors;
}

export class EvaluationDto {
  @ApiProperty({ type: CriteriaDto, description: 'All six OECD-DAC criteria, each rated with a comment' })
  @IsObject()
  @ValidateNested()
  @Type(() => CriteriaDto)
  criteria: CriteriaDto;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, description: "The Member's satisfaction" })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction: number;

  @ApiProperty({ description: 'A follow-up visit is asked for' })
  @IsBoolean()
  followUpNeeded: boolean;

  @ApiPropertyOptional({ type: [ResultIndicatorDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ResultIndicatorDto)
  indicators?: ResultIndicatorDto[];
}

export class EvaluationView extends EvaluationDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() evaluatedBy: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt: string;
}
