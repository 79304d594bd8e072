import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** The OECD-DAC evaluation criteria (2019 revision). */
export const DAC_CRITERIA = ['relevance', 'coherence', 'effectiveness', 'efficiency', 'impact', 'sustainability'] as const;
export type DacCriterion = (typeof DAC_CRITERIA)[number];

export class CriterionScoreDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, description: '1 unsatisfactory, 2 partly satisfactory, 3 satisfactory, 4 highly satisfactory' })
  @IsInt()
  @Min(1)
  @Max(4)
  rating: number;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
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
}

export class EvaluationView extends EvaluationDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() evaluatedBy: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt: string;
}
