import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { BUDGET_LINE_CODE_PATTERN } from '@wco/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Cents } from '../../money/cents';

export const PROGRAMME_PATTERN = /^(SP|ORG|LD)[0-9]{1,2}$/;

export class CreateFiscalYearDto {
  @ApiProperty({ minimum: 2000, maximum: 2200, example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  year: number;
}

export class BudgetLineDto {
  @ApiProperty({ pattern: BUDGET_LINE_CODE_PATTERN.source, example: '2.10.003', description: 'chapter.article.line' })
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'code must be chapter.article.line such as 2.10.003' })
  code: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ pattern: PROGRAMME_PATTERN.source, example: 'SP5', description: 'Strategic Plan programme the line serves' })
  @Matches(PROGRAMME_PATTERN, { message: 'programme must be a Strategic Plan programme such as SP5 or ORG2' })
  programme: string;

  @Cents({ min: 0, description: 'Appropriation' })
  appropriationCents: bigint;
}

export class CreateBudgetVersionDto {
  @ApiProperty({ format: 'uuid', description: 'Client-supplied id: a retry with the same id and body returns the same version' })
  @IsUUID()
  id: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Draft budget 2027' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({
    type: [BudgetLineDto],
    minItems: 1,
    maxItems: 2000,
    description: 'Every line of the year: a revision restates the whole budget',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];
}

@ApiSchema({ name: 'FiscalYear' })
export class FiscalYearView {
  @ApiProperty({ example: 2027 })
  year: number;

  @ApiProperty({ enum: ['planning', 'open', 'closing', 'closed'] })
  status: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The accepted budget version in force' })
  acceptedVersionId: string | null;
}

@ApiSchema({ name: 'BudgetVersionLine' })
export class BudgetVersionLineView {
  @ApiProperty({ example: '2.10.003' })
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: 'SP5' })
  programme: string;

  @ApiProperty({ example: '1250000', description: 'EUR integer cents' })
  appropriationCents: string;
}

@ApiSchema({ name: 'BudgetVersion' })
export class BudgetVersionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fiscalYear: number;

  @ApiProperty({ minimum: 1 })
  number: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: ['draft', 'submitted', 'accepted', 'superseded'] })
  status: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  supersededBy: string | null;

  @ApiProperty({ example: '1250000', description: 'Sum of the appropriations, EUR integer cents' })
  totalCents: string;

  @ApiProperty({ type: [BudgetVersionLineView] })
  lines: BudgetVersionLineView[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

@ApiSchema({ name: 'BudgetVsActualLine' })
export class BudgetVsActualLineView {
  @ApiProperty({ example: '2.10.003' })
  code: string;
  @ApiProperty()
  chapter: string;
  @ApiProperty()
  article: string;
  @ApiProperty()
  line: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  programme: string;
  @ApiProperty({ description: 'First accepted appropriation, EUR cents' })
  originalCents: string;
  @ApiProperty({ description: 'Appropriation of the version in force, EUR cents' })
  finalCents: string;
  @ApiProperty({ description: 'Pending commitments (reserved, not yet posted), EUR cents' })
  committedCents: string;
  @ApiProperty({ description: 'Part of spent that came from posted commitments, EUR cents' })
  obligatedCents: string;
  @ApiProperty({ description: 'Actual: net expense posted on the line (posted commitments and direct entries), EUR cents' })
  spentCents: string;
  @ApiProperty({ description: 'final − committed − spent, EUR cents' })
  availableCents: string;
  @ApiProperty({ description: 'final − spent (IPSAS 24 difference between final budget and actual), EUR cents' })
  differenceCents: string;
}

@ApiSchema({ name: 'BudgetVsActual' })
export class BudgetVsActualView {
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty({ enum: ['planning', 'open', 'closing', 'closed'] })
  status: string;
  @ApiProperty({ type: [BudgetVsActualLineView] })
  lines: BudgetVsActualLineView[];
  @ApiProperty({ type: BudgetVsActualLineView, description: 'Sums over the lines (code, titles empty)' })
  total: BudgetVsActualLineView;
}
