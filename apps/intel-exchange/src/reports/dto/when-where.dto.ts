import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import {
  CUSTOMS_PROCEDURES,
  CountryCode,
  CustomsProcedure,
  DIRECTIONS,
  Direction,
  LOCATION_TYPES,
  LocationType,
} from '../../domain/code-lists';
import { WhenWhere } from '../../domain/report.types';
import { IsCountryCode, IsUnLocode, normaliseIdentifier } from '../../domain/validators';
import { CrossFieldRule, normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { API_ENUMS } from '../../common/api-properties';

/** A UN/LOCODE begins with its country code, so a place in another country than the one stated is a contradiction. */
export function placeMatchesCountry(value: unknown, object: { country?: unknown }): true | string {
  if (typeof value !== 'string' || typeof object.country !== 'string') return true;
  return value.slice(0, 2) === object.country
    ? true
    : `place ${value} is not in country ${object.country} (a UN/LOCODE starts with its country code)`;
}

export class WhenWhereDto implements WhenWhere {
  @ApiProperty({
    format: 'date-time',
    example: '2026-03-14T06:30:00+01:00',
    description: 'ISO 8601 date-time with a time zone (Z or ±hh:mm), not in the future',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  @CrossFieldRule<WhenWhereDto>('notInFuture', (value) =>
    typeof value !== 'string' || Date.parse(value) <= Date.now() + REPORT_LIMITS.clockSkewMs
      ? true
      : 'detectedAt must not be in the future',
  )
  @CrossFieldRule<WhenWhereDto>('hasOffset', (value) =>
    typeof value !== 'string' || /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? true
      : 'detectedAt must be a date-time with a time zone (Z or ±hh:mm)',
  )
  detectedAt: string;

  @ApiProperty({ ...API_ENUMS.country, description: 'Where the goods were detected' })
  @IsCountryCode()
  country: CountryCode;

  @ApiPropertyOptional({ example: 'NLRTM', description: 'UN/LOCODE without the space, in that country' })
  @IsOptional()
  @Transform(normaliseString(normaliseIdentifier))
  @IsUnLocode()
  @CrossFieldRule<WhenWhereDto>('placeInCountry', placeMatchesCountry)
  place?: string;

  @ApiProperty({ ...API_ENUMS.locationType })
  @IsIn(LOCATION_TYPES)
  locationType: LocationType;

  @ApiPropertyOptional({ ...API_ENUMS.customsProcedure })
  @IsOptional()
  @IsIn(CUSTOMS_PROCEDURES)
  customsProcedure?: CustomsProcedure;

  @ApiProperty({ ...API_ENUMS.direction })
  @IsIn(DIRECTIONS)
  direction: Direction;
}
