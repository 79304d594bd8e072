import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CountryCode, TRANSPORT_DOCUMENT_KINDS, TRANSPORT_MODES, TransportDocumentKind, TransportMode } from '../../domain/code-lists';
import { Container, Conveyance, TransportDocument, VehicleRegistration } from '../../domain/report.types';
import {
  IsContainerNumber,
  IsCountryCode,
  IsImoNumber,
  isAwbNumber,
  normaliseIdentifier,
  normaliseImoNumber,
} from '../../domain/validators';
import { CrossFieldRule, normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { API_ENUMS, NORMALISED } from '../../common/api-properties';

const IDENTIFIER = /^[A-Z0-9]+$/;
const identifierMessage = '$property may contain only letters and digits (spaces and dashes are removed)';
const normaliseAll = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? normaliseIdentifier(v) : v)) : value;

export class ContainerDto implements Container {
  @ApiProperty({ example: 'MSCU1234566', description: `ISO 6346 container number with a correct check digit. ${NORMALISED}` })
  @Transform(normaliseString(normaliseIdentifier))
  @IsContainerNumber()
  number: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    example: ['SEAL123'],
    description: `Seal numbers on this container (letters and digits, 1-35). ${NORMALISED}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Transform(normaliseAll)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(REPORT_LIMITS.identifier, { each: true })
  @Matches(IDENTIFIER, { each: true, message: identifierMessage })
  seals?: string[];
}

export class TransportDocumentDto implements TransportDocument {
  @ApiProperty({ ...API_ENUMS.transportDocumentKind })
  @IsIn(TRANSPORT_DOCUMENT_KINDS)
  kind: TransportDocumentKind;

  @ApiProperty({
    minLength: 4,
    maxLength: REPORT_LIMITS.identifier,
    example: '17612345675',
    description: `Letters and digits; an air_waybill is 11 digits (3-digit prefix + 8-digit serial) with a correct check digit. ${NORMALISED}`,
  })
  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(4)
  @MaxLength(REPORT_LIMITS.identifier)
  @Matches(IDENTIFIER, { message: identifierMessage })
  @CrossFieldRule<TransportDocumentDto>('awbCheckDigit', (value, doc) =>
    doc.kind !== 'air_waybill' || isAwbNumber(value)
      ? true
      : 'number must be an 11-digit air waybill number (3-digit prefix + 8-digit serial) with a correct check digit',
  )
  number: string;
}

export class VehicleRegistrationDto implements VehicleRegistration {
  @ApiProperty({ minLength: 2, maxLength: 15, example: 'AB123CD', description: `Letters and digits. ${NORMALISED}` })
  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(2)
  @MaxLength(15)
  @Matches(IDENTIFIER, { message: identifierMessage })
  registration: string;

  @ApiPropertyOptional({ ...API_ENUMS.country, description: 'Country of registration' })
  @IsOptional()
  @IsCountryCode()
  country?: CountryCode;
}

export class ConveyanceDto implements Conveyance {
  @ApiProperty({ ...API_ENUMS.transportMode })
  @IsIn(TRANSPORT_MODES)
  transportMode: TransportMode;

  @ApiPropertyOptional({ maxLength: REPORT_LIMITS.shortText })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.shortText)
  carrier?: string;

  @ApiPropertyOptional({ maxLength: REPORT_LIMITS.identifier, example: 'AF1234' })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.identifier)
  flightOrVoyage?: string;

  @ApiPropertyOptional({ maxLength: REPORT_LIMITS.shortText })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.shortText)
  vesselName?: string;

  @ApiPropertyOptional({ example: '9074729', description: '7-digit IMO number with a correct check digit ("IMO 9074729" is accepted)' })
  @IsOptional()
  @Transform(normaliseString(normaliseImoNumber))
  @IsImoNumber()
  vesselImo?: string;

  @ApiPropertyOptional({ type: () => ContainerDto, isArray: true, maxItems: REPORT_LIMITS.containers, description: 'No number twice' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.containers)
  @ArrayUnique((c: Partial<Container> | undefined) => c?.number, { message: 'containers must not repeat a number' })
  @ValidateNested({ each: true })
  @Type(() => ContainerDto)
  containers?: ContainerDto[];

  @ApiPropertyOptional({ type: () => TransportDocumentDto, isArray: true, maxItems: REPORT_LIMITS.transportDocuments })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.transportDocuments)
  @ValidateNested({ each: true })
  @Type(() => TransportDocumentDto)
  transportDocuments?: TransportDocumentDto[];

  @ApiPropertyOptional({ type: () => VehicleRegistrationDto, isArray: true, maxItems: REPORT_LIMITS.vehicles })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.vehicles)
  @ValidateNested({ each: true })
  @Type(() => VehicleRegistrationDto)
  vehicles?: VehicleRegistrationDto[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: REPORT_LIMITS.seals,
    description: `Seals not on a container (trailer, wagon, ULD); letters and digits, 1-35. ${NORMALISED}`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.seals)
  @Transform(normaliseAll)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(REPORT_LIMITS.identifier, { each: true })
  @Matches(IDENTIFIER, { each: true, message: identifierMessage })
  seals?: string[];
}
