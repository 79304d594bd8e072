import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { CountryCode } from '../../domain/code-lists';
import { Route, RoutePoint } from '../../domain/report.types';
import { IsCountryCode, IsUnLocode, normaliseIdentifier } from '../../domain/validators';
import { CrossFieldRule, normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { placeMatchesCountry } from './when-where.dto';
import { API_ENUMS } from '../../common/api-properties';

export class RoutePointDto implements RoutePoint {
  @ApiProperty({ ...API_ENUMS.country })
  @IsCountryCode()
  country: CountryCode;

  @ApiPropertyOptional({ example: 'PAONX', description: 'UN/LOCODE without the space, in that country' })
  @IsOptional()
  @Transform(normaliseString(normaliseIdentifier))
  @IsUnLocode()
  @CrossFieldRule<RoutePointDto>('placeInCountry', placeMatchesCountry)
  place?: string;
}

export class RouteDto implements Route {
  @ApiPropertyOptional({ type: () => RoutePointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoutePointDto)
  origin?: RoutePointDto;

  @ApiPropertyOptional({ type: () => RoutePointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoutePointDto)
  departure?: RoutePointDto;

  @ApiPropertyOptional({
    type: () => RoutePointDto,
    isArray: true,
    maxItems: REPORT_LIMITS.transitPoints,
    description: 'In the order the goods passed them',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.transitPoints)
  @ValidateNested({ each: true })
  @Type(() => RoutePointDto)
  transit?: RoutePointDto[];

  @ApiPropertyOptional({ type: () => RoutePointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoutePointDto)
  destination?: RoutePointDto;
}
