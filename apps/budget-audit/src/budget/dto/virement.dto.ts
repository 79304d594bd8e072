import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { BUDGET_LINE_CODE_PATTERN } from '@wco/contracts';
import { IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Cents } from '../../money/cents';

export class RequestVirementDto {
  @ApiProperty({ format: 'uuid', description: 'Client-supplied id of the virement' })
  @IsUUID()
  id: string;

  @ApiProperty({ pattern: BUDGET_LINE_CODE_PATTERN.source, example: '2.10.003' })
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'fromLineCode must be chapter.article.line such as 2.10.003' })
  fromLineCode: string;

  @ApiProperty({ pattern: BUDGET_LINE_CODE_PATTERN.source, example: '2.10.004' })
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'toLineCode must be chapter.article.line such as 2.10.004' })
  toLineCode: string;

  @Cents({ min: 1, description: 'Amount moved' })
  amountCents: bigint;

  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

@ApiSchema({ name: 'Virement' })
export class VirementView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty()
  fromLineCode: string;
  @ApiProperty()
  toLineCode: string;
  @ApiProperty({ example: '1250000' })
  amountCents: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ enum: ['pending', 'applied'], description: 'pending: above the threshold, waiting for the Finance Committee' })
  status: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  approvedBy: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
