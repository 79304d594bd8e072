import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { API_ENUMS, NORMALISED, DATE_PATTERN } from '../../common/api-properties';

export class IdentityDocumentDto implements IdentityDocument {
  @ApiProperty({ ...API_ENUMS.identityDocumentType })
  @IsIn(IDENTITY_DOCUMENT_TYPES)
  type: IdentityDocumentType;

  @ApiProperty({ minLength: 2, maxLength: REPORT_LIMITS.identifier, description: `Letters and digits. ${NORMALISED}` })
  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(2)
  @MaxLength(REPORT_LIMITS.identifier)
  @Matches(/^[A-Z0-9]+$/, { message: 'number may contain only letters and digits (spaces and dashes are removed)' })
  number: string;

  @ApiProperty({ ...API_ENUMS.country })
  @IsCountryCode()
  issuingCountry: CountryCode;
}

export class PersonalDataEntryDto implements PersonalDataEntry {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: REPORT_LIMITS.persons - 1,
    description: "Index into the report's persons of the person this entry identifies",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(REPORT_LIMITS.persons - 1)
  personIndex?: number;

  @ApiProperty({ minLength: 1, maxLength: REPORT_LIMITS.shortText })
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.shortText)
  familyName: string;

  @ApiPropertyOptional({ maxLength: REPORT_LIMITS.shortText })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.shortText)
  givenNames?: string;

  @ApiPropertyOptional({ format: 'date', pattern: DATE_PATTERN, example: '1985-06-01', description: 'YYYY-MM-DD, in the past' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @CrossFieldRule<PersonalDataEntryDto>('inPast', (value) =>
    typeof value !== 'string' || Date.parse(value) < Date.now() ? true : 'dateOfBirth must be in the past',
  )
  dateOfBirth?: string;

  @ApiPropertyOptional({ type: () => IdentityDocumentDto, isArray: true, maxItems: REPORT_LIMITS.identityDocuments })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.identityDocuments)
  @ValidateNested({ each: true })
  @Type(() => IdentityDocumentDto)
  documents?: IdentityDocumentDto[];
}

export class PersonalDataDto implements PersonalData {
  @ApiProperty({ type: () => PersonalDataEntryDto, isArray: true, minItems: 1, maxItems: REPORT_LIMITS.personalDataEntries })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPORT_LIMITS.personalDataEntries)
  @ValidateNested({ each: true })
  @Type(() => PersonalDataEntryDto)
  persons: PersonalDataEntryDto[];
}
