import { ApiProperty, ApiPropertyOptional, ApiSchema, PickType } from '@nestjs/swagger';
import { Trim } from '@wco/http';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { API_ENUMS } from '../../common/api-properties';
import { TEMPLATE_FIELDS } from '../report-template';
import { CreateOperationDto } from './operation.dto';

/** A template's content: what an operation created from it starts with. */
export class OperationTemplateDto extends PickType(CreateOperationDto, [
  'name',
  'commodityFocus',
  'participants',
  'requiredFields',
] as const) {
  @ApiPropertyOptional({ maxLength: 1000, description: 'What the template is for (trimmed)' })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(1000)
  description?: string;
}

/** A replacement of the template's content, at the version the caller read (optimistic concurrency). */
export class UpdateOperationTemplateDto extends OperationTemplateDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 2147483647, description: 'The version read; a newer one on the server is 409' })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version: number;
}

/** An operation created from a template: its own name and dates, the rest from the template. */
export class CreateFromTemplateDto extends PickType(CreateOperationDto, ['name', 'startsOn', 'endsOn'] as const) {}

/** The report fields an operation's reports must fill, replaced. */
export class ReportTemplateDto extends PickType(CreateOperationDto, ['requiredFields'] as const) {}

export interface OperationTemplateView {
  id: string;
  name: string;
  description: string | null;
  commodityFocus: string[];
  participants: string[];
  requiredFields: string[];
  member: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

@ApiSchema({ name: 'OperationTemplateView', description: "A coordinating organisation's reusable operation set-up" })
export class OperationTemplateViewSchema implements OperationTemplateView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ ...API_ENUMS.commodity, isArray: true }) commodityFocus: string[];
  @ApiProperty({ ...API_ENUMS.member, isArray: true, description: 'Members admitted to an operation created from it' })
  participants: string[];
  @ApiProperty({ enum: TEMPLATE_FIELDS, isArray: true }) requiredFields: string[];
  @ApiProperty({ ...API_ENUMS.organisation, description: 'The organisation whose coordinators use it' }) member: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Increases with every edit' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
