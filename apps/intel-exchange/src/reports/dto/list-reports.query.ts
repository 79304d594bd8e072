import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { COMMODITY_CATEGORIES, CONCEALMENT_METHODS, DETECTION_METHODS, REPORT_TYPES } from '../../domain/code-lists';
import { IsCountryCode } from '../../domain/validators';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../common/cursor';

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}

export class ListReportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  operationId?: string;

  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: COMMODITY_CATEGORIES })
  @IsOptional()
  @IsIn(COMMODITY_CATEGORIES)
  commodity?: string;

  @ApiPropertyOptional({ example: '29', description: 'HS chapter (2 digits)' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'hsChapter must be 2 digits' })
  hsChapter?: string;

  @ApiPropertyOptional({ example: '2939', description: 'HS heading (4 digits)' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'hsHeading must be 4 digits' })
  hsHeading?: string;

  @ApiPropertyOptional({ description: 'Detected at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  detectedFrom?: string;

  @ApiPropertyOptional({ description: 'Detected before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  detectedTo?: string;

  @ApiPropertyOptional({ example: 'PA', description: 'A country anywhere on the route (or where the goods were detected)' })
  @IsOptional()
  @IsCountryCode()
  routeCountry?: string;

  @ApiPropertyOptional({ enum: CONCEALMENT_METHODS })
  @IsOptional()
  @IsIn(CONCEALMENT_METHODS)
  concealment?: string;

  @ApiPropertyOptional({ enum: DETECTION_METHODS })
  @IsOptional()
  @IsIn(DETECTION_METHODS)
  detection?: string;
}
