import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  AGE_BANDS,
  AgeBand,
  COMPANY_ROLES,
  CompanyRole,
  CountryCode,
  GENDERS,
  Gender,
  PERSON_ROLES,
  PersonRole,
} from '../../domain/code-lists';
import { Company, CompanyIdentifier, PersonProfile } from '../../domain/report.types';
import { IsCountryCode, normaliseIdentifier } from '../../domain/validators';
import { normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { API_ENUMS, NORMALISED } from '../../common/api-properties';

export class CompanyIdentifierDto implements CompanyIdentifier {
  @ApiPropertyOptional({ pattern: '^[A-Z][A-Z0-9_]{1,19}$', example: 'EORI', description: 'Issuing scheme, e.g. EORI, TIN, AEO' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,19}$/, { message: 'scheme must be an upper-case scheme name such as EORI, TIN or AEO' })
  scheme?: string;

  @ApiProperty({
    minLength: 2,
    maxLength: REPORT_LIMITS.identifier,
    example: 'NL123456789',
    description: `Letters and digits. ${NORMALISED}`,
  })
  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(2)
  @MaxLength(REPORT_LIMITS.identifier)
  @Matches(/^[A-Z0-9]+$/, { message: 'value may contain only letters and digits (spaces and dashes are removed)' })
  value: string;
}

export class CompanyDto implements Company {
  @ApiProperty({ minLength: 1, maxLength: REPORT_LIMITS.shortText })
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.shortText)
  name: string;

  @ApiProperty({ ...API_ENUMS.companyRole })
  @IsIn(COMPANY_ROLES)
  role: CompanyRole;

  @ApiProperty({ ...API_ENUMS.country })
  @IsCountryCode()
  country: CountryCode;

  @ApiPropertyOptional({ type: () => CompanyIdentifierDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompanyIdentifierDto)
  identifier?: CompanyIdentifierDto;
}

/** Non-personal description of a person: nothing here may identify them (names and documents go to personalData). */
export class PersonProfileDto implements PersonProfile {
  @ApiProperty({ ...API_ENUMS.personRole })
  @IsIn(PERSON_ROLES)
  role: PersonRole;

  @ApiPropertyOptional({ ...API_ENUMS.country })
  @IsOptional()
  @IsCountryCode()
  nationality?: CountryCode;

  @ApiPropertyOptional({ ...API_ENUMS.gender })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ ...API_ENUMS.ageBand })
  @IsOptional()
  @IsIn(AGE_BANDS)
  ageBand?: AgeBand;
}
