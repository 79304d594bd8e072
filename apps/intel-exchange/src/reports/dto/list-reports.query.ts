import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@wco/http';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { COMMODITY_CATEGORIES, CONCEALMENT_METHODS, DETECTION_METHODS, REPORT_TYPES } from '../../domain/code-lists';
import { IsCountryCode } from '../../domain/validators';

// The platform's page query (strict decimal limit, cursor shape); re-exported for the controllers that import it here.
export { PageQueryDto };

export class ListReportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Reports of this operation' })
  @IsOptional()
  @IsUUID()
  operationId?: string;

  @ApiPropertyOptional({ enum: REPORT_TYPES, description: 'Report type' })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: COMMODITY_CATEGORIES, description: 'Reports with goods of this category' })
  @IsOptional()
  @IsIn(COMMODITY_CATEGORIES)
  commodity?: string;

  @ApiPropertyOptional({ pattern: '^\\d{2}$', example: '29', description: 'HS chapter (2 digits)' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'hsChapter must be 2 digits' })
  hsChapter?: string;

  @ApiPropertyOptional({ pattern: '^\\d{4}$', example: '2939', description: 'HS heading (4 digits)' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'hsHeading must be 4 digits' })
  hsHeading?: string;

  @ApiPropertyOptional({ description: 'Detected at or after (ISO 8601 date or date-time)', example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  detectedFrom?: string;

  @ApiPropertyOptional({ description: 'Detected before (ISO 8601 date or date-time)', example: '2026-07-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  detectedTo?: string;

  @ApiPropertyOptional({ example: 'PA', description: 'A country anywhere on the route (or where the goods were detected)' })
  @IsOptional()
  @IsCountryCode()
  routeCountry?: string;

  @ApiPropertyOptional({ enum: CONCEALMENT_METHODS, description: 'Concealment method' })
  @IsOptional()
  @IsIn(CONCEALMENT_METHODS)
  concealment?: string;

  @ApiPropertyOptional({ enum: DETECTION_METHODS, description: 'Detection method' })
  @IsOptional()
  @IsIn(DETECTION_METHODS)
  detection?: string;
}
