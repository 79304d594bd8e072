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
import {
  CountryCode,
  TRANSPORT_DOCUMENT_KINDS,
  TRANSPORT_MODES,
  TransportDocumentKind,
  TransportMode,
} from '../../domain/code-lists';
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

const IDENTIFIER = /^[A-Z0-9]+$/;
const identifierMessage = '$property may contain only letters and digits (spaces and dashes are removed)';
const normaliseAll = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? normaliseIdentifier(v) : v)) : value;

export class ContainerDto implements Container {
  @Transform(normaliseString(normaliseIdentifier))
  @IsContainerNumber()
  number: string;

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
  @IsIn(TRANSPORT_DOCUMENT_KINDS)
  kind: TransportDocumentKind;

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
  @Transform(normaliseString(normaliseIdentifier))
  @IsString()
  @MinLength(2)
  @MaxLength(15)
  @Matches(IDENTIFIER, { message: identifierMessage })
  registration: string;

  @IsOptional()
  @IsCountryCode()
  country?: CountryCode;
}

export class ConveyanceDto implements Conveyance {
  @IsIn(TRANSPORT_MODES)
  transportMode: TransportMode;

  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.shortText)
  carrier?: string;

  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.identifier)
  flightOrVoyage?: string;

  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.shortText)
  vesselName?: string;

  @IsOptional()
  @Transform(normaliseString(normaliseImoNumber))
  @IsImoNumber()
  vesselImo?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.containers)
  @ArrayUnique((c: Partial<Container> | undefined) => c?.number, { message: 'containers must not repeat a number' })
  @ValidateNested({ each: true })
  @Type(() => ContainerDto)
  containers?: ContainerDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.transportDocuments)
  @ValidateNested({ each: true })
  @Type(() => TransportDocumentDto)
  transportDocuments?: TransportDocumentDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.vehicles)
  @ValidateNested({ each: true })
  @Type(() => VehicleRegistrationDto)
  vehicles?: VehicleRegistrationDto[];

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
