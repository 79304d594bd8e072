import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { API_ENUMS } from '../common/api-properties';
import { ACCESS_KINDS } from './access-receipt.entity';
import type { AccessKindCode } from './access-receipt.entity';
import type { ReceiptPage, ReceiptView } from './access-receipts.service';

@ApiSchema({ name: 'ReceiptView', description: 'One recorded read of a report' })
export class ReceiptViewSchema implements ReceiptView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  reportId: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  reportVersion: number;

  @ApiProperty({ ...API_ENUMS.organisation })
  accessorMember: string;

  @ApiProperty({ description: 'Token subject of the reader' })
  accessorSubject: string;

  @ApiProperty({
    enum: ['member-analyst', 'operation-coordinator'],
    nullable: true,
    type: 'string',
    description: 'The role through which the reader was allowed to read (null for reads recorded before roles were kept)',
  })
  accessorRole: string | null;

  @ApiProperty({ enum: [...ACCESS_KINDS], enumName: 'AccessKind' })
  accessKind: AccessKindCode;

  @ApiProperty({ format: 'date-time' })
  accessedAt: string;
}

@ApiSchema({ name: 'ReceiptPage' })
export class ReceiptPageSchema implements ReceiptPage {
  @ApiProperty({ type: () => ReceiptViewSchema, isArray: true })
  items: ReceiptViewSchema[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
