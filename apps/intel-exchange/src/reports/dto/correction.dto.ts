import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ReportSubmissionDto } from './report-submission.dto';

/**
 * Sections of a report another Member may propose to correct. Handling decisions (TLP, distribution, retention,
 * operation, personal data and its release) stay with the originator.
 */
export const CORRECTABLE_SECTIONS = [
  'type',
  'whenWhere',
  'goods',
  'concealment',
  'detection',
  'conveyance',
  'route',
  'companies',
  'persons',
  'grading',
] as const;

/**
 * What a correction may carry, for the API document: the correctable sections of a submission, each optional. The
 * service checks `changes` itself (its keys against CORRECTABLE_SECTIONS, then the merged report as a submission), so
 * that each error names `changes.<field>`; this class only describes it.
 */
export class CorrectionChangesDto extends PartialType(PickType(ReportSubmissionDto, CORRECTABLE_SECTIONS)) {}

export class ProposeCorrectionDto {
  @ApiProperty({
    description:
      'Replacement values for whole sections, each as in a submission; at least one. Any other key is refused (422 naming `changes.<key>`): handling decisions stay with the originator.',
    type: () => CorrectionChangesDto,
    example: { conveyance: { transportMode: 'sea', containers: [{ number: 'MSCU1234566' }] } },
  })
  @IsObject()
  changes: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class DecideCorrectionDto {
  @ApiProperty({ enum: ['accept', 'reject'] })
  @IsIn(['accept', 'reject'])
  decision: 'accept' | 'reject';

  @ApiPropertyOptional({ minLength: 1, maxLength: 2000, description: 'Why, for the proposing Member' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}
