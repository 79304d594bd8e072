import { Trim } from '@wco/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  registerDecorator,
  ValidationOptions,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { COMMODITY_CATEGORIES, OPERATION_STATES } from '../../domain/code-lists';
import type { CommodityCategory, OperationState } from '../../domain/code-lists';
import { IsMemberCode } from '../../domain/validators';
import { TEMPLATE_FIELDS } from '../report-template';
import { API_ENUMS, DATE_PATTERN } from '../../common/api-properties';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The property (a YYYY-MM-DD date) is not before the date in `other`. */
function MinDateString(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'minDateString',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args) => {
          const start = (args?.object as Record<string, unknown>)[other];
          // Malformed dates are reported by their own rules; only two well-formed dates are compared.
          return typeof value !== 'string' || typeof start !== 'string' || !DATE.test(value) || !DATE.test(start) || value >= start;
        },
      },
    });
}

export class CreateOperationDto {
  @ApiProperty({ minLength: 3, maxLength: 200, example: 'Operation Tidal Wave', description: 'Trimmed' })
  @IsString()
  @Trim()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @ApiProperty({ ...API_ENUMS.commodity, isArray: true, minItems: 1, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(COMMODITY_CATEGORIES, { each: true })
  commodityFocus: CommodityCategory[];

  @ApiProperty({ format: 'date', pattern: DATE_PATTERN, example: '2026-03-01' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a calendar date' })
  startsOn: string;

  @ApiProperty({ format: 'date', pattern: DATE_PATTERN, example: '2026-04-30', description: 'Not before startsOn' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a calendar date' })
  @MinDateString('startsOn', { message: 'endsOn must not be before startsOn' })
  endsOn: string;

  @ApiProperty({
    ...API_ENUMS.member,
    isArray: true,
    uniqueItems: true,
    maxItems: 250,
    example: ['FR', 'DE'],
    description: 'Member codes admitted at creation',
  })
  @IsArray()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsMemberCode({ each: true })
  participants: string[];

  @ApiPropertyOptional({
    enum: TEMPLATE_FIELDS,
    isArray: true,
    uniqueItems: true,
    default: [],
    description: 'Optional report fields this operation requires',
  })
  @IsArray()
  @ArrayUnique()
  @IsIn(TEMPLATE_FIELDS, { each: true })
  requiredFields: string[] = [];
}

export class AdmitParticipantDto {
  @ApiProperty({ ...API_ENUMS.member, example: 'KE' })
  @IsMemberCode()
  member: string;
}

export class TransitionOperationDto {
  @ApiProperty({ ...API_ENUMS.operationState, description: 'The next state: planned -> active -> closed -> archived' })
  @IsIn(OPERATION_STATES)
  state: OperationState;
}

export interface OperationView {
  id: string;
  name: string;
  commodityFocus: string[];
  startsOn: string;
  endsOn: string;
  state: OperationState;
  coordinatorMember: string;
  participants: string[];
  requiredFields: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
