import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { BUDGET_LINE_CODE_PATTERN } from '@wco/contracts';
import { DecimalInt, PageQueryDto } from '@wco/http';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
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

export class PostingDto {
  @ApiProperty({ pattern: '^[0-9]{4}$', example: '6000', description: 'Account code of the chart of accounts (GET /accounts)' })
  @Matches(/^[0-9]{4}$/, { message: 'account must be a four-digit account code' })
  account: string;

  @ApiProperty({ enum: ['debit', 'credit'] })
  @IsIn(['debit', 'credit'])
  side: 'debit' | 'credit';

  @Cents({ min: 1 })
  amountCents: bigint;

  @ApiPropertyOptional({
    pattern: BUDGET_LINE_CODE_PATTERN.source,
    example: '2.10.003',
    description: 'The budget line an expense is charged to (expense accounts only, required there)',
  })
  @IsOptional()
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'lineCode must be chapter.article.line such as 2.10.003' })
  lineCode?: string;
}

export class CreateJournalEntryDto {
  @ApiProperty({ format: 'uuid', description: 'Client-supplied id: same id + same body → the same entry; same id + another body → 409' })
  @IsUUID()
  id: string;

  @ApiProperty({ minimum: 2000, maximum: 2200, example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  fiscalYear: number;

  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  description: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An adjusting entry: the entry of an earlier (closed) year it corrects' })
  @IsOptional()
  @IsUUID()
  corrects?: string;

  @ApiProperty({ type: [PostingDto], minItems: 2, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PostingDto)
  postings: PostingDto[];
}

/** The most entries one batch takes: one transaction, so its locks are held for the whole batch. */
export const JOURNAL_BATCH_MAX = 500;

export class CreateJournalEntriesDto {
  @ApiProperty({
    type: [CreateJournalEntryDto],
    minItems: 1,
    maxItems: JOURNAL_BATCH_MAX,
    description: 'Entries posted all or nothing, in this order (availability is counted in it); each as POST /journal-entries takes it',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(JOURNAL_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => CreateJournalEntryDto)
  entries: CreateJournalEntryDto[];
}

@ApiSchema({ name: 'JournalBatchResult' })
export class JournalBatchResultView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'false: the entry existed already with the same body (a retry), nothing written for it' })
  created: boolean;
}

@ApiSchema({ name: 'JournalBatch' })
export class JournalBatchView {
  @ApiProperty({ type: [JournalBatchResultView], description: 'One result per entry, in the order of the request' })
  results: JournalBatchResultView[];

  @ApiProperty({ description: 'How many entries this request created' })
  created: number;
}

export class ReverseEntryDto {
  @ApiProperty({ format: 'uuid', description: 'Client-supplied id of the reversing entry' })
  @IsUUID()
  id: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  description?: string;
}

export class ReversalItemDto extends ReverseEntryDto {
  @ApiProperty({ format: 'uuid', description: 'The entry this one reverses' })
  @IsUUID()
  reverses: string;
}

export class ReverseJournalEntriesDto {
  @ApiProperty({
    type: [ReversalItemDto],
    minItems: 1,
    maxItems: JOURNAL_BATCH_MAX,
    description: 'Reversals posted all or nothing, in this order; each as POST /journal-entries/{reverses}/reverse takes it',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(JOURNAL_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => ReversalItemDto)
  reversals: ReversalItemDto[];
}

export const ACCOUNT_TYPES = ['asset', 'liability', 'net_assets', 'revenue', 'expense'] as const;

export class CreateAccountDto {
  @ApiProperty({
    pattern: '^[0-9]{4}$',
    example: '6200',
    description: 'The account code, its own id: the same code + the same body again → 200',
  })
  @Matches(/^[0-9]{4}$/, { message: 'code must be a four-digit account code' })
  code: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ACCOUNT_TYPES, description: 'expense accounts take the budget line they are charged to' })
  @IsIn(ACCOUNT_TYPES)
  type: (typeof ACCOUNT_TYPES)[number];
}

export class ReserveCommitmentDto {
  @ApiProperty({ format: 'uuid', description: 'Client-supplied id of the commitment' })
  @IsUUID()
  id: string;

  @ApiProperty({ minimum: 2000, maximum: 2200, example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  fiscalYear: number;

  @ApiProperty({ pattern: BUDGET_LINE_CODE_PATTERN.source, example: '2.10.003' })
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'lineCode must be chapter.article.line such as 2.10.003' })
  lineCode: string;

  @Cents({ min: 1, description: 'Amount reserved' })
  amountCents: bigint;

  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  description: string;
}

/** The most reservations one batch takes: one transaction, so its line locks are held for the whole batch. */
export const COMMITMENT_BATCH_MAX = 500;

export class ReserveCommitmentsDto {
  @ApiProperty({
    type: [ReserveCommitmentDto],
    minItems: 1,
    maxItems: COMMITMENT_BATCH_MAX,
    description: 'Reservations made all or nothing, in this order (availability is counted in it); each as POST /commitments takes it',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COMMITMENT_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => ReserveCommitmentDto)
  commitments: ReserveCommitmentDto[];
}

@ApiSchema({ name: 'CommitmentBatch' })
export class CommitmentBatchView {
  @ApiProperty({ type: [JournalBatchResultView], description: 'One result per reservation, in the order of the request' })
  results: JournalBatchResultView[];

  @ApiProperty({ description: 'How many commitments this request created' })
  created: number;
}

export class PostCommitmentDto {
  @Cents({ min: 1, description: 'Amount posted (at most the reservation; the rest is released). Omitted: the whole reservation' })
  @IsOptional()
  amountCents?: bigint;
}

@ApiSchema({ name: 'Posting' })
export class PostingView {
  @ApiProperty()
  account: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  lineCode: string | null;
  @ApiProperty({ enum: ['debit', 'credit'] })
  side: string;
  @ApiProperty({ example: '1250000' })
  amountCents: string;
}

@ApiSchema({ name: 'JournalEntry' })
export class JournalEntryView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty({ enum: ['standard', 'reversal', 'adjusting', 'commitment'] })
  kind: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  reverses: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  reversedBy: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  corrects: string | null;
  @ApiProperty()
  description: string;
  @ApiProperty({ type: [PostingView] })
  postings: PostingView[];
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

@ApiSchema({ name: 'Commitment' })
export class CommitmentView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty()
  lineCode: string;
  @ApiProperty({ enum: ['pending', 'posted', 'voided', 'expired'] })
  status: string;
  @ApiProperty({ example: '1250000' })
  amountCents: string;
  @ApiProperty()
  postedCents: string;
  @ApiProperty()
  releasedCents: string;
  @ApiProperty()
  description: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The mission it funds (funding saga)' })
  missionId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The journal entry of its posting' })
  entryId: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

@ApiSchema({ name: 'Account' })
export class RenameAccountDto {
  @ApiProperty({ minLength: 1, maxLength: 200, description: 'The new name (the code and the type never change)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class AccountView {
  @ApiProperty()
  code: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ enum: ACCOUNT_TYPES })
  type: string;
  @ApiProperty({ enum: ['active', 'inactive'], description: 'An inactive account takes no new posting; its entries stay readable' })
  status: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  deactivatedAt: string | null;
}

@ApiSchema({ name: 'TrialBalanceRow' })
export class TrialBalanceRowView {
  @ApiProperty()
  account: string;
  @ApiProperty()
  name: string;
  @ApiProperty()
  debitCents: string;
  @ApiProperty()
  creditCents: string;
  @ApiProperty({ description: 'debit − credit' })
  balanceCents: string;
}

@ApiSchema({ name: 'TrialBalance' })
export class TrialBalanceView {
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty({ type: [TrialBalanceRowView] })
  accounts: TrialBalanceRowView[];
  @ApiProperty()
  totalDebitCents: string;
  @ApiProperty()
  totalCreditCents: string;
}

/** `?fiscalYear=` of a ledger list. */
function YearFilter(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2200 })(target, key);
    IsOptional()(target, key);
    DecimalInt()(target, key);
    IsInt()(target, key);
    Min(2000)(target, key);
    Max(2200)(target, key);
  };
}

export const ENTRY_KINDS = ['standard', 'reversal', 'adjusting', 'commitment'] as const;
export const COMMITMENT_STATES = ['pending', 'posted', 'voided', 'expired'] as const;

export class JournalEntryQueryDto extends PageQueryDto {
  @YearFilter()
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: ENTRY_KINDS })
  @IsOptional()
  @IsIn(ENTRY_KINDS)
  kind?: (typeof ENTRY_KINDS)[number];
}

export class CommitmentQueryDto extends PageQueryDto {
  @YearFilter()
  fiscalYear?: number;

  @ApiPropertyOptional({ pattern: BUDGET_LINE_CODE_PATTERN.source, example: '2.10.003' })
  @IsOptional()
  @Matches(BUDGET_LINE_CODE_PATTERN, { message: 'lineCode must be chapter.article.line such as 2.10.003' })
  lineCode?: string;

  @ApiPropertyOptional({ enum: COMMITMENT_STATES })
  @IsOptional()
  @IsIn(COMMITMENT_STATES)
  status?: (typeof COMMITMENT_STATES)[number];
}

@ApiSchema({ name: 'JournalEntryPage' })
export class JournalEntryPageView {
  @ApiProperty({ type: [JournalEntryView] })
  items: JournalEntryView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

@ApiSchema({ name: 'CommitmentPage' })
export class CommitmentPageView {
  @ApiProperty({ type: [CommitmentView] })
  items: CommitmentView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}
