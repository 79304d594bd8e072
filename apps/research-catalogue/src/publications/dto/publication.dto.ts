import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { DecimalInt, PageQueryDto, Trim } from '@wco/http';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CITATION_FORMAT_NAMES } from '../../citations/citation-formats';
import type { CitationFormat } from '../../citations/citation-formats';
import { IsCalendarDate, IsOrcid, IsPlainFileName, IsRor } from '../domain/identifiers';
import {
  ACCESS_LEVELS,
  LANGUAGES,
  LICENCES,
  PUBLICATION_TYPES,
  RELATED_IDENTIFIER_TYPES,
  RELATION_TYPES,
  TOPIC_CODES,
} from '../domain/vocabulary';
import type { AccessLevel, Language, PublicationType, Topic } from '../domain/vocabulary';

const MEMBER_CODE = /^[A-Z]{2}$/;

export class LocalizedTextDto {
  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` })
  language: Language;

  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(20000)
  text: string;

  @ApiPropertyOptional({ description: 'The language the work was written in; exactly one title is the original' })
  @IsOptional()
  @IsBoolean()
  original?: boolean;
}

export class AffiliationDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: '05gq02987', description: 'ROR id (checksum verified), bare or as https://ror.org/ URL' })
  @IsOptional()
  @IsRor()
  ror?: string;
}

export class CreatorDto {
  @ApiProperty({ maxLength: 200, description: 'Family name, or the name of an organisational author' })
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  familyName: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  givenName?: string;

  @ApiPropertyOptional({ example: '0000-0002-1825-0097', description: 'ORCID iD (ISO 7064 11,2 check digit verified)' })
  @IsOptional()
  @IsOrcid()
  orcid?: string;

  @ApiPropertyOptional({ type: [AffiliationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AffiliationDto)
  affiliations?: AffiliationDto[];
}

export class RelatedIdentifierDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  identifier: string;

  @ApiProperty({ enum: RELATED_IDENTIFIER_TYPES })
  @IsIn(RELATED_IDENTIFIER_TYPES, { message: `must be one of ${RELATED_IDENTIFIER_TYPES.join(', ')}` })
  identifierType: string;

  @ApiProperty({ enum: RELATION_TYPES })
  @IsIn(RELATION_TYPES, { message: `must be one of ${RELATION_TYPES.join(', ')}` })
  relationType: string;
}

export class FileUploadDto {
  @ApiProperty({ maxLength: 255, example: 'report.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @IsPlainFileName()
  name: string;

  @ApiProperty({ example: 'application/pdf' })
  @Matches(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/, {
    message: 'must be a media type such as application/pdf',
  })
  mediaType: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, lowercase hex; a mismatch is refused' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be a lowercase hex SHA-256 digest' })
  sha256: string;

  @ApiPropertyOptional({
    description:
      'The file content, base64 (small files). Without it, the file must have been uploaded by PUT /uploads/:name with this SHA-256 and media type',
  })
  @IsOptional()
  @IsString()
  @IsBase64()
  contentBase64?: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'Language of the file’s text (its search configuration); the original title’s by default',
  })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;
}

/** The metadata of one version (DataCite-aligned). Every version carries all of it: versions are immutable. */
export class VersionMetadataDto {
  @ApiProperty({ type: [LocalizedTextDto], description: 'One title per language, exactly one marked original' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => LocalizedTextDto)
  titles: LocalizedTextDto[];

  @ApiPropertyOptional({ type: [LocalizedTextDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => LocalizedTextDto)
  abstracts?: LocalizedTextDto[];

  @ApiProperty({ type: [CreatorDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CreatorDto)
  creators: CreatorDto[];

  @ApiProperty({ enum: TOPIC_CODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TOPIC_CODES, { each: true, message: `each value must be one of ${TOPIC_CODES.join(', ')}` })
  topics: Topic[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  series?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[];

  @ApiProperty({ example: '2026-06-30', format: 'date' })
  @IsCalendarDate()
  publicationDate: string;

  @ApiProperty({ enum: LICENCES, description: 'SPDX licence identifier' })
  @IsIn(LICENCES, { message: `must be one of the SPDX ids ${LICENCES.join(', ')}` })
  licence: string;

  @ApiPropertyOptional({ type: [RelatedIdentifierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RelatedIdentifierDto)
  relatedIdentifiers?: RelatedIdentifierDto[];

  @ApiPropertyOptional({ type: [FileUploadDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FileUploadDto)
  files?: FileUploadDto[];
}

export class CreatePublicationDto extends VersionMetadataDto {
  @ApiProperty({ enum: PUBLICATION_TYPES })
  @IsIn(PUBLICATION_TYPES, { message: `must be one of ${PUBLICATION_TYPES.join(', ')}` })
  type: PublicationType;

  @ApiProperty({ enum: ACCESS_LEVELS })
  @IsIn(ACCESS_LEVELS, { message: `must be one of ${ACCESS_LEVELS.join(', ')}` })
  access: AccessLevel;

  @ApiPropertyOptional({ type: [String], example: ['FR', 'KE'], description: 'Required with access=restricted, refused otherwise' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(MEMBER_CODE, { each: true, message: 'each value must be a Member code such as FR' })
  restrictedMembers?: string[];

  @ApiPropertyOptional({ format: 'date', description: 'Hidden from everyone but editors until this date (lifted by the embargo job)' })
  @IsOptional()
  @IsCalendarDate()
  embargoUntil?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Identifier in the source system; a bulk import with the same one updates nothing twice',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  externalId?: string;
}

/**
 * The whole access rule after the change, validated as at creation (what is left out is not kept: no embargoUntil
 * means no embargo; a date not after today lifts it now), with the editor's reason.
 */
export class ChangeAccessDto extends PickType(CreatePublicationDto, ['access', 'restrictedMembers', 'embargoUntil'] as const) {
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'Why (kept with the change, shown to editors only)' })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class WithdrawPublicationDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'Shown on the tombstone' })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class CitationFormatQueryDto {
  @ApiPropertyOptional({
    enum: CITATION_FORMAT_NAMES,
    description: 'Overrides the Accept header: json, bibtex, ris, csl (CSL-JSON) or apa (text)',
  })
  @IsOptional()
  @IsIn(CITATION_FORMAT_NAMES, { message: `must be one of ${CITATION_FORMAT_NAMES.join(', ')}` })
  format?: CitationFormat;
}

const YEAR_MESSAGE = 'must be a year between 1900 and 2999';

export class SearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Web-search syntax: words, "quoted phrase", or, -excluded' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  q?: string;

  @ApiPropertyOptional({ enum: PUBLICATION_TYPES })
  @IsOptional()
  @IsIn(PUBLICATION_TYPES, { message: `must be one of ${PUBLICATION_TYPES.join(', ')}` })
  type?: PublicationType;

  @ApiPropertyOptional({ enum: TOPIC_CODES })
  @IsOptional()
  @IsIn(TOPIC_CODES, { message: `must be one of ${TOPIC_CODES.join(', ')}` })
  topic?: Topic;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ enum: ACCESS_LEVELS })
  @IsOptional()
  @IsIn(ACCESS_LEVELS, { message: `must be one of ${ACCESS_LEVELS.join(', ')}` })
  access?: AccessLevel;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  series?: string;

  @ApiPropertyOptional({ enum: CITATION_FORMAT_NAMES, description: 'The page as citations instead of JSON (overrides Accept)' })
  @IsOptional()
  @IsIn(CITATION_FORMAT_NAMES, { message: `must be one of ${CITATION_FORMAT_NAMES.join(', ')}` })
  format?: CitationFormat;

  @ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 2999 })
  @IsOptional()
  @DecimalInt()
  @IsInt({ message: YEAR_MESSAGE })
  @Min(1900, { message: YEAR_MESSAGE })
  @Max(2999, { message: YEAR_MESSAGE })
  year?: number;
}
