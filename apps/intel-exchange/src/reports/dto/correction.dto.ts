import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

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

export class ProposeCorrectionDto {
  @ApiProperty({
    description: `Replacement values for whole sections (each as in a submission): ${CORRECTABLE_SECTIONS.join(', ')}`,
    type: 'object',
    additionalProperties: true,
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
