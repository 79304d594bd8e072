import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { COMMODITY_CATEGORIES, CONCEALMENT_METHODS, DETECTION_METHODS, REPORT_TYPES } from '../../domain/code-lists';
import { IsCountryCode } from '../../domain/validators';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../common/cursor';

export class PageQueryDto {
  @ApiPropertyOptional({ maxLength: 512, description: 'nextCursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Page size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}

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
