import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { API_ENUMS } from '../../common/api-properties';
import type { OperationState } from '../../domain/code-lists';
import { TEMPLATE_FIELDS } from '../report-template';
import type { OperationView } from './operation.dto';

@ApiSchema({ name: 'OperationView', description: 'A joint operation: a closed user group sharing reports' })
export class OperationViewSchema implements OperationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ ...API_ENUMS.commodity, isArray: true })
  commodityFocus: string[];

  @ApiProperty({ format: 'date' })
  startsOn: string;

  @ApiProperty({ format: 'date' })
  endsOn: string;

  @ApiProperty({ ...API_ENUMS.operationState })
  state: OperationState;

  @ApiProperty({ ...API_ENUMS.organisation, description: 'Organisation of the coordinator (WCO for the Secretariat)' })
  coordinatorMember: string;

  @ApiProperty({ ...API_ENUMS.member, isArray: true })
  participants: string[];

  @ApiProperty({ enum: TEMPLATE_FIELDS, isArray: true })
  requiredFields: string[];

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Increases with every change' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
