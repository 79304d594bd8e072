import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CountryCode, IDENTITY_DOCUMENT_TYPES, IdentityDocumentType } from '../../domain/code-lists';
import { IdentityDocument, PersonalData, PersonalDataEntry } from '../../domain/report.types';
import { IsCountryCode, normaliseIdentifier } from '../../domain/validators';
import { CrossFieldRule, normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';

export class IdentityDocumentDto implements IdentityDocument {
  @IsIn(IDENTITY_DOCUMENT_TYPES)
  type: IdentityDocumentType;

  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(2)
  @MaxLength(REPORT_LIMITS.identifier)
  @Matches(/^[A-Z0-9]+$/, { message: 'number may contain only letters and digits (spaces and dashes are removed)' })
  number: string;

  @IsCountryCode()
  issuingCountry: CountryCode;
}

export class PersonalDataEntryDto implements PersonalDataEntry {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(REPORT_LIMITS.persons - 1)
  personIndex?: number;

  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.shortText)
  familyName: string;

  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.shortText)
  givenNames?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @CrossFieldRule<PersonalDataEntryDto>('inPast', (value) =>
    typeof value !== 'string' || Date.parse(value) < Date.now() ? true : 'dateOfBirth must be in the past',
  )
  dateOfBirth?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.identityDocuments)
  @ValidateNested({ each: true })
  @Type(() => IdentityDocumentDto)
  documents?: IdentityDocumentDto[];
}

export class PersonalDataDto implements PersonalData {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPORT_LIMITS.personalDataEntries)
  @ValidateNested({ each: true })
  @Type(() => PersonalDataEntryDto)
  persons: PersonalDataEntryDto[];
}
