import { READERS } from '../access/finance-access';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiUuidParam, ParseInt32Pipe, ParseUuidPipe } from '@wco/http';
import type { ProblemCodes } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { AuditEntryView } from '../audit-log/audit-log.dto';
import { AccountsService } from './accounts.service';
import { CommitmentsService } from './commitments.service';
import {
  AccountView,
  CommitmentPageView,
  CommitmentQueryDto,
  CommitmentView,
  CreateAccountDto,
  CommitmentBatchView,
  RenameAccountDto,
  ReserveCommitmentsDto,
  CreateJournalEntriesDto,
  CreateJournalEntryDto,
  JournalBatchView,
  JournalEntryPageView,
  JournalEntryQueryDto,
  JournalEntryView,
  PostCommitmentDto,
  ReserveCommitmentDto,
  ReverseEntryDto,
  ReverseJournalEntriesDto,
  TrialBalanceView,
} from './dto/ledger.dto';
import { JournalService } from './journal.service';

const YEAR_RULES = ['unknown_fiscal_year', 'fiscal_year_not_open', 'fiscal_year_closed'];

/** What posting an entry can answer, by either route (one entry or a batch of them). */
const ENTRY_PROBLEMS: ProblemCodes = {
  403: ['insufficient_role'],
  409: ['id_reused'],
  422: [
    'entry_unbalanced',
    ...YEAR_RULES,
    'unknown_account',
    'unknown_line',
    'line_required',
    'line_not_allowed',
    'insufficient_funds',
    'unknown_entry',
    'account_inactive',
  ],
};

@ApiTags('ledger')
@ApiUuidParam('id', 'The journal entry')
@Controller('journal-entries')
export class JournalController {
  constructor(private readonly journal: JournalService) {}

  @Post()
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Post a balanced journal entry',
    description:
      'Debits equal credits to the cent. Expense postings name the budget line they are charged to and may not exceed what it has available. An entry with `corrects` is an adjusting entry for an entry of an earlier (closed) year. Same id + same body → the same entry (200); same id + another body → 409.',
  })
  @ApiOkResponse({ type: JournalEntryView, description: 'The entry (201 when created)' })
  @ApiProblems(ENTRY_PROBLEMS)
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateJournalEntryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JournalEntryView> {
    const { view, created } = await this.journal.create(caller, dto);
    void reply.status(created ? 201 : 200).header('location', `/journal-entries/${view.id}`);
    return view;
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Post many balanced journal entries in one transaction, all or nothing',
    description:
      'Up to 500 entries, each checked as POST /journal-entries checks it, availability counted in the order given. One refused entry refuses the batch and nothing of it is written; the problem names the entry (`entries.3.postings.0.amountCents`). Idempotent per entry id: an entry already posted with the same body (by either route) answers `created: false`; with another body, 409 naming `entries.i.id`. Answers once the audit records are in the log.',
  })
  @ApiOkResponse({ type: JournalBatchView, description: 'One result per entry' })
  @ApiProblems(ENTRY_PROBLEMS)
  createMany(@CurrentPrincipal() caller: Principal, @Body() dto: CreateJournalEntriesDto): Promise<JournalBatchView> {
    return this.journal.createMany(caller, dto.entries);
  }

  @Post('reversals/batch')
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Reverse many entries in one transaction, all or nothing',
    description:
      'Up to 500 reversals `{id, reverses, description?}`, each checked as POST /journal-entries/{id}/reverse checks it. One refused reversal refuses the batch and nothing of it is written; the problem names the item (`reversals.2.reverses`: unknown entry, already reversed, closed year, inactive account). Idempotent per reversal id across both routes: same id + same body answers `created: false`; with another body, 409 naming `reversals.i.id`. Answers once the audit records are in the log.',
  })
  @ApiOkResponse({ type: JournalBatchView, description: 'One result per reversal' })
  @ApiProblems({
    403: ['insufficient_role'],
    409: ['id_reused', 'already_reversed'],
    422: ['unknown_entry', 'fiscal_year_closed', 'fiscal_year_not_open', 'account_inactive'],
  })
  reverseMany(@CurrentPrincipal() caller: Principal, @Body() dto: ReverseJournalEntriesDto): Promise<JournalBatchView> {
    return this.journal.reverseMany(caller, dto.reversals);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Journal entries with their postings, newest first (filters: fiscalYear, kind); cursor-paginated' })
  @ApiOkResponse({ type: JournalEntryPageView })
  @ApiProblems({ 400: ['validation_failed', 'invalid_cursor'] })
  list(@Query() query: JournalEntryQueryDto): Promise<JournalEntryPageView> {
    return this.journal.list(query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One journal entry with its postings' })
  @ApiOkResponse({ type: JournalEntryView })
  @ApiProblems({ 404: ['entry_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<JournalEntryView> {
    return this.journal.get(id);
  }

  @Post(':id/reverse')
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Reverse an entry: a new entry with every posting negated, in the same year (never a delete)' })
  @ApiOkResponse({ type: JournalEntryView, description: 'The reversing entry (201 when created)' })
  @ApiProblems({
    403: ['insufficient_role'],
    404: ['entry_not_found'],
    409: ['id_reused', 'already_reversed'],
    422: ['fiscal_year_closed', 'fiscal_year_not_open', 'account_inactive'],
  })
  async reverse(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: ReverseEntryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JournalEntryView> {
    const { view, created } = await this.journal.reverse(caller, id, dto);
    void reply.status(created ? 201 : 200).header('location', `/journal-entries/${view.id}`);
    return view;
  }
}

@ApiTags('ledger')
@Controller()
export class AccountsController {
  constructor(
    private readonly journal: JournalService,
    private readonly chart: AccountsService,
  ) {}

  @Get('accounts')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The chart of accounts, with each account’s type and status (inactive ones included)' })
  @ApiOkResponse({ type: AccountView, isArray: true })
  accounts(): Promise<AccountView[]> {
    return this.chart.list();
  }

  @Post('accounts')
  @Roles('finance-officer', 'admin')
  @ApiOperation({
    summary: 'Add an account to the chart (finance officers of the Secretariat and admins; never an auditor)',
    description:
      'The code is its id: the same code with the same name and type answers 200 with the account; with another name or type, 409.',
  })
  @ApiOkResponse({ type: AccountView, description: 'The account (201 when created)' })
  @ApiProblems({ 403: ['insufficient_role'], 409: ['id_reused'] })
  async createAccount(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateAccountDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountView> {
    const { view, created } = await this.chart.create(caller, dto);
    void reply.status(created ? 201 : 200).header('location', `/accounts/${view.code}`);
    return view;
  }

  @Post('accounts/:code/deactivate')
  @HttpCode(200)
  @Roles('finance-officer', 'admin')
  @ApiParam({ name: 'code', description: 'The account code', schema: { type: 'string', pattern: '^[0-9]{4}$' } })
  @ApiOperation({
    summary: 'Deactivate an account: no new posting to it, in every process at once; its entries stay readable',
    description:
      'Waits for the postings in flight to the account. Deactivating an inactive account answers it unchanged. The accounts commitments post to (6000, 2000) cannot be deactivated (422 account_required).',
  })
  @ApiOkResponse({ type: AccountView })
  @ApiProblems({ 403: ['insufficient_role'], 404: ['account_not_found'], 422: ['account_required'] })
  deactivateAccount(@CurrentPrincipal() caller: Principal, @Param('code') code: string): Promise<AccountView> {
    return this.chart.deactivate(caller, code);
  }

  @Post('accounts/:code/reactivate')
  @HttpCode(200)
  @Roles('finance-officer', 'admin')
  @ApiParam({ name: 'code', description: 'The account code', schema: { type: 'string', pattern: '^[0-9]{4}$' } })
  @ApiOperation({
    summary: 'Reactivate an inactive account: it takes postings again, in every process at once',
    description: 'Reactivating an active account answers it unchanged (no second audit record).',
  })
  @ApiOkResponse({ type: AccountView })
  @ApiProblems({ 403: ['insufficient_role'], 404: ['account_not_found'] })
  reactivateAccount(@CurrentPrincipal() caller: Principal, @Param('code') code: string): Promise<AccountView> {
    return this.chart.reactivate(caller, code);
  }

  @Patch('accounts/:code')
  @Roles('finance-officer', 'admin')
  @ApiParam({ name: 'code', description: 'The account code', schema: { type: 'string', pattern: '^[0-9]{4}$' } })
  @ApiOperation({
    summary: 'Rename an account (its code and type never change); the entries posted to it keep pointing at it',
    description:
      'The same name again answers the account unchanged (no audit record). An inactive account keeps the name it was retired under: 409 account_not_active.',
  })
  @ApiOkResponse({ type: AccountView })
  @ApiProblems({ 403: ['insufficient_role'], 404: ['account_not_found'], 409: ['account_not_active'] })
  renameAccount(@CurrentPrincipal() caller: Principal, @Param('code') code: string, @Body() dto: RenameAccountDto): Promise<AccountView> {
    return this.chart.rename(caller, code, dto);
  }

  @Get('accounts/:code/history')
  @Roles(...READERS)
  @ApiParam({ name: 'code', description: 'The account code', schema: { type: 'string', pattern: '^[0-9]{4}$' } })
  @ApiOperation({
    summary: "The account's history from the audit log: created, renamed, deactivated, reactivated, oldest first",
    description:
      'Each change is an audit-log entry (seq, leaf hash and canonical bytes), so an auditor can ask for its inclusion proof. Accounts seeded by the migration have no creation entry.',
  })
  @ApiOkResponse({ type: AuditEntryView, isArray: true })
  @ApiProblems({ 404: ['account_not_found'] })
  accountHistory(@Param('code') code: string): Promise<AuditEntryView[]> {
    return this.chart.history(code);
  }

  @Get('fiscal-years/:year/trial-balance')
  @Roles(...READERS)
  @ApiParam({ name: 'year', description: 'The fiscal year', schema: { type: 'integer', minimum: 2000, maximum: 2200 } })
  @ApiOperation({ summary: "Debits and credits per account over the year's entries" })
  @ApiOkResponse({ type: TrialBalanceView })
  trialBalance(@Param('year', new ParseInt32Pipe({ min: 2000, max: 2200 })) year: number): Promise<TrialBalanceView> {
    return this.journal.trialBalance(year);
  }
}

@ApiTags('ledger')
@ApiUuidParam('id', 'The commitment')
@Controller('commitments')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Post()
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Reserve part of a budget line (a pending commitment)',
    description:
      'Refused with the amounts when it exceeds what the line has available (final − committed − spent). Same id + same body → the same commitment (200).',
  })
  @ApiOkResponse({ type: CommitmentView, description: 'The commitment (201 when created)' })
  @ApiProblems({ 403: ['insufficient_role'], 409: ['id_reused'], 422: [...YEAR_RULES, 'unknown_line', 'insufficient_funds'] })
  async reserve(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: ReserveCommitmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommitmentView> {
    const { view, created } = await this.commitments.reserve(caller, dto);
    void reply.status(created ? 201 : 200).header('location', `/commitments/${view.id}`);
    return view;
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Reserve many commitments in one transaction, all or nothing',
    description:
      'Up to 500 reservations, each checked as POST /commitments checks it, availability counted in the order given (each item against what the items before it left on its line). One refused item refuses the batch and nothing of it is written; the problem names the item (`commitments.3.amountCents` with the amounts). Idempotent per commitment id across both routes: same id + same body answers `created: false`; with another body, 409 naming `commitments.i.id`.',
  })
  @ApiOkResponse({ type: CommitmentBatchView, description: 'One result per reservation' })
  @ApiProblems({ 403: ['insufficient_role'], 409: ['id_reused'], 422: [...YEAR_RULES, 'unknown_line', 'insufficient_funds'] })
  reserveMany(@CurrentPrincipal() caller: Principal, @Body() dto: ReserveCommitmentsDto): Promise<CommitmentBatchView> {
    return this.commitments.reserveMany(caller, dto.commitments);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Commitments, newest first (filters: fiscalYear, lineCode, status); cursor-paginated' })
  @ApiOkResponse({ type: CommitmentPageView })
  @ApiProblems({ 400: ['validation_failed', 'invalid_cursor'] })
  list(@Query() query: CommitmentQueryDto): Promise<CommitmentPageView> {
    return this.commitments.list(query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One commitment' })
  @ApiOkResponse({ type: CommitmentView })
  @ApiProblems({ 404: ['commitment_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<CommitmentView> {
    return this.commitments.get(id);
  }

  @Post(':id/post')
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Post the commitment in full or in part (the rest is released); the expense is a journal entry' })
  @ApiOkResponse({ type: CommitmentView })
  @ApiProblems({
    403: ['insufficient_role'],
    404: ['commitment_not_found'],
    409: ['id_reused', 'commitment_not_pending'],
    422: ['post_exceeds_reservation', 'fiscal_year_closed'],
  })
  post(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: PostCommitmentDto,
  ): Promise<CommitmentView> {
    return this.commitments.post(caller, id, dto.amountCents);
  }

  @Post(':id/void')
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Void a pending commitment: its whole amount is available again' })
  @ApiOkResponse({ type: CommitmentView })
  @ApiProblems({
    403: ['insufficient_role'],
    404: ['commitment_not_found'],
    409: ['id_reused', 'commitment_not_pending'],
    422: ['fiscal_year_closed'],
  })
  void(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<CommitmentView> {
    return this.commitments.void(caller, id);
  }
}
