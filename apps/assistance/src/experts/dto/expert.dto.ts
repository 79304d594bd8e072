import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LimitQueryDto, Trim } from '@wco/http';
import { LANGUAGES, THEMATIC_AREA_CODES } from '../../domain/assistance.codes';
import type { Language, ThematicArea } from '../../domain/assistance.codes';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AccreditationDto {
  @ApiProperty({ maxLength: 100, example: 'WCO Mercator Programme' })
  @IsString()
  @Trim()
  @MinLength(2)
  @MaxLength(100)
  programme: string;

  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'on must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  on: string;

  @ApiProperty({ format: 'date' })
  @Matches(DATE, { message: 'until must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  until: string;
}

export class CreateExpertDto {
  @ApiProperty({ maxLength: 255, description: "The expert's `sub` at the identity provider: how their token is matched to the roster" })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Matches(/^[\x21-\x7e]+$/, { message: 'subject must be printable ASCII without spaces' })
  subject: string;

  @ApiProperty({ example: 'KE', description: 'The administration the expert belongs to (WCO for Secretariat staff)' })
  @Matches(/^[A-Z]{2,3}$/, { message: 'member must be a Member code such as FR, or WCO' })
  member: string;

  @ApiProperty({ maxLength: 200, description: 'Personal data (restricted schema)' })
  @IsString()
  @Trim()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ format: 'email', description: 'Personal data (restricted schema)' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LANGUAGES.length)
  @IsIn(LANGUAGES, { each: true })
  languages: Language[];

  @ApiProperty({ enum: THEMATIC_AREA_CODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(THEMATIC_AREA_CODES.length)
  @IsIn(THEMATIC_AREA_CODES, { each: true })
  thematicAreas: ThematicArea[];

  @ApiProperty({ type: AccreditationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AccreditationDto)
  accreditation: AccreditationDto;
}

/** A roster change: deactivation, renewed accreditation, languages or areas; absent fields stay as they are. */
export class UpdateExpertDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'New end of the accreditation (renewal)' })
  @IsOptional()
  @Matches(DATE, { message: 'accreditedUntil must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  accreditedUntil?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LANGUAGES.length)
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];

  @ApiPropertyOptional({ enum: THEMATIC_AREA_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(THEMATIC_AREA_CODES.length)
  @IsIn(THEMATIC_AREA_CODES, { each: true })
  thematicAreas?: ThematicArea[];
}

export class ExpertSearchDto extends LimitQueryDto {
  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ enum: THEMATIC_AREA_CODES })
  @IsOptional()
  @IsIn(THEMATIC_AREA_CODES)
  thematicArea?: ThematicArea;

  @ApiPropertyOptional({ format: 'date', description: 'With availableTo: free of live missions and accredited over the period' })
  @IsOptional()
  @Matches(DATE, { message: 'availableFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  availableFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE, { message: 'availableTo must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  availableTo?: string;
}

export class ExpertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() subject: string;
  @ApiProperty() member: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: LANGUAGES, isArray: true }) languages: string[];
  @ApiProperty({ enum: THEMATIC_AREA_CODES, isArray: true }) thematicAreas: string[];
  @ApiProperty({ type: AccreditationDto }) accreditation: AccreditationDto;
  @ApiProperty() active: boolean;
}

export class ExpertListView {
  @ApiProperty({ type: [ExpertView] }) items: ExpertView[];
}

export class CalendarFeedView {
  @ApiProperty({ description: 'The feed URL path with its secret token; a new one revokes the previous one' })
  path: string;
}
