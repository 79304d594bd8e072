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

export class CompanyIdentifierDto implements CompanyIdentifier {
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,19}$/, { message: 'scheme must be an upper-case scheme name such as EORI, TIN or AEO' })
  scheme?: string;

  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(2)
  @MaxLength(REPORT_LIMITS.identifier)
  @Matches(/^[A-Z0-9]+$/, { message: 'value may contain only letters and digits (spaces and dashes are removed)' })
  value: string;
}

export class CompanyDto implements Company {
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.shortText)
  name: string;

  @IsIn(COMPANY_ROLES)
  role: CompanyRole;

  @IsCountryCode()
  country: CountryCode;

  @IsOptional()
  @ValidateNested()
  @Type(() => CompanyIdentifierDto)
  identifier?: CompanyIdentifierDto;
}

/** Non-personal description of a person: nothing here may identify them (names and documents go to personalData). */
export class PersonProfileDto implements PersonProfile {
  @IsIn(PERSON_ROLES)
  role: PersonRole;

  @IsOptional()
  @IsCountryCode()
  nationality?: CountryCode;

  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @IsOptional()
  @IsIn(AGE_BANDS)
  ageBand?: AgeBand;
}
