import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { CountryCode } from '../../domain/code-lists';
import { Route, RoutePoint } from '../../domain/report.types';
import { IsCountryCode, IsUnLocode, normaliseIdentifier } from '../../domain/validators';
import { CrossFieldRule, normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { placeMatchesCountry } from './when-where.dto';

export class RoutePointDto implements RoutePoint {
  @IsCountryCode()
  country: CountryCode;

  @IsOptional()
  @Transform(normaliseString(normaliseIdentifier))
  @IsUnLocode()
  @CrossFieldRule<RoutePointDto>('placeInCountry', placeMatchesCountry)
  place?: string;
}

export class RouteDto implements Route {
  @IsOptional()
  @ValidateNested()
  @Type(() => RoutePointDto)
  origin?: RoutePointDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => RoutePointDto)
  departure?: RoutePointDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.transitPoints)
  @ValidateNested({ each: true })
  @Type(() => RoutePointDto)
  transit?: RoutePointDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RoutePointDto)
  destination?: RoutePointDto;
}
