import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@wco/http';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { COMMODITY_CATEGORIES, CONCEALMENT_METHODS, DETECTION_METHODS, REPORT_TYPES } from '../../domain/code-lists';
import { IsCountryCode } from '../../domain/validators';

// The platform's page query (strict decimal limit, cursor shape); re-exported for the controllers that import it here.
export { PageQueryDto };

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
