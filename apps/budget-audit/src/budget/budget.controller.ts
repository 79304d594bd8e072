import { READERS } from '../access/finance-access';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiUuidParam, ParseInt32Pipe, ParseUuidPipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { budgetVsActualCsv, BudgetService } from './budget.service';
import { BudgetVersionView, BudgetVsActualView, CreateBudgetVersionDto, CreateFiscalYearDto, FiscalYearView } from './dto/budget.dto';

const YEAR = new ParseInt32Pipe({ min: 2000, max: 2200 });
const WRITER_403 = { 403: ['insufficient_role'] };

const ApiYearParam = (): MethodDecorator =>
  ApiParam({ name: 'year', description: 'The fiscal year (2000 to 2200)', schema: { type: 'integer', minimum: 2000, maximum: 2200 } });

@ApiTags('budget')
@Controller('fiscal-years')
export class FiscalYearsController {
  constructor(private readonly budget: BudgetService) {}

  @Post()
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Create a fiscal year (planning)',
    description: 'Finance officers of the Secretariat. Creating an existing year answers 200 with it.',
  })
  @ApiOkResponse({ type: FiscalYearView, description: 'The year (201 when created)' })
  @ApiProblems(WRITER_403)
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateFiscalYearDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FiscalYearView> {
    const { view, created } = await this.budget.createYear(caller, dto.year);
    void reply.status(created ? 201 : 200).header('location', `/fiscal-years/${dto.year}`);
    return view;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every fiscal year' })
  @ApiOkResponse({ type: FiscalYearView, isArray: true })
  list(): Promise<FiscalYearView[]> {
    return this.budget.listYears();
  }

  @Get(':year')
  @ApiYearParam()
  @Roles(...READERS)
  @ApiOperation({ summary: 'One fiscal year' })
  @ApiOkResponse({ type: FiscalYearView })
  @ApiProblems({ 404: ['fiscal_year_not_found'] })
  get(@Param('year', YEAR) year: number): Promise<FiscalYearView> {
    return this.budget.getYear(year);
  }

  @Post(':year/open')
  @ApiYearParam()
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Open the year for entries and commitments (planning → open; needs an accepted budget)' })
  @ApiOkResponse({ type: FiscalYearView })
  @ApiProblems({ ...WRITER_403, 404: ['fiscal_year_not_found'], 409: ['invalid_transition'] })
  open(@CurrentPrincipal() caller: Principal, @Param('year', YEAR) year: number): Promise<FiscalYearView> {
    return this.budget.transition(caller, year, 'open');
  }

  @Post(':year/start-closing')
  @ApiYearParam()
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Start closing (open → closing): entries and postings of commitments still, no new reservation' })
  @ApiOkResponse({ type: FiscalYearView })
  @ApiProblems({ ...WRITER_403, 404: ['fiscal_year_not_found'], 409: ['invalid_transition'] })
  startClosing(@CurrentPrincipal() caller: Principal, @Param('year', YEAR) year: number): Promise<FiscalYearView> {
    return this.budget.transition(caller, year, 'closing');
  }

  @Post(':year/close')
  @ApiYearParam()
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Close the year (closing → closed): pending commitments expire; the year takes no entry any more' })
  @ApiOkResponse({ type: FiscalYearView })
  @ApiProblems({ ...WRITER_403, 404: ['fiscal_year_not_found'], 409: ['invalid_transition'] })
  close(@CurrentPrincipal() caller: Principal, @Param('year', YEAR) year: number): Promise<FiscalYearView> {
    return this.budget.transition(caller, year, 'closed');
  }

  @Post(':year/budget-versions')
  @ApiYearParam()
  @Roles('finance-officer')
  @ApiOperation({
    summary: 'Prepare a budget version (draft) with every line of the year',
    description:
      'The first accepted version is the original budget; later ones are revisions that supersede it. Same id + same body → the same version (200); same id + another body → 409.',
  })
  @ApiOkResponse({ type: BudgetVersionView, description: 'The version (201 when created)' })
  @ApiProblems({ ...WRITER_403, 404: ['fiscal_year_not_found'], 409: ['id_reused', 'invalid_transition'], 422: ['duplicate_line'] })
  async createVersion(
    @CurrentPrincipal() caller: Principal,
    @Param('year', YEAR) year: number,
    @Body() dto: CreateBudgetVersionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BudgetVersionView> {
    const { view, created } = await this.budget.createVersion(caller, year, dto);
    void reply.status(created ? 201 : 200).header('location', `/budget-versions/${view.id}`);
    return view;
  }

  @Get(':year/budget-versions')
  @ApiYearParam()
  @Roles(...READERS)
  @ApiOperation({ summary: "The year's budget versions, superseded ones included" })
  @ApiOkResponse({ type: BudgetVersionView, isArray: true })
  @ApiProblems({ 404: ['fiscal_year_not_found'] })
  listVersions(@Param('year', YEAR) year: number): Promise<BudgetVersionView[]> {
    return this.budget.listVersions(year);
  }

  @Get(':year/budget-vs-actual')
  @ApiYearParam()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Budget vs actual per line and in total (IPSAS 24 comparable basis)',
    description:
      'original, final, committed (pending), obligated (posted commitments), spent (actual), available = final − committed − spent, difference = final − spent. `Accept: text/csv` for CSV.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: BudgetVsActualView })
  @ApiProblems({ 404: ['fiscal_year_not_found'] })
  async budgetVsActual(
    @Param('year', YEAR) year: number,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BudgetVsActualView | string> {
    const report = await this.budget.budgetVsActual(year);
    if (accept?.includes('text/csv')) {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="budget-vs-actual-${year}.csv"`);
      return budgetVsActualCsv(report);
    }
    return report;
  }
}

@ApiTags('budget')
@ApiUuidParam('id', 'The budget version')
@Controller('budget-versions')
export class BudgetVersionsController {
  constructor(private readonly budget: BudgetService) {}

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One budget version with its lines (superseded versions stay readable)' })
  @ApiOkResponse({ type: BudgetVersionView })
  @ApiProblems({ 404: ['budget_version_not_found'] })
  get(@Param('id', ParseUuidPipe) id: string): Promise<BudgetVersionView> {
    return this.budget.getVersion(id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Submit a draft to the Finance Committee (draft → submitted)' })
  @ApiOkResponse({ type: BudgetVersionView })
  @ApiProblems({ ...WRITER_403, 404: ['budget_version_not_found'], 409: ['invalid_transition'] })
  submit(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<BudgetVersionView> {
    return this.budget.submit(caller, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('finance-committee')
  @ApiOperation({ summary: 'Adopt a submitted version (submitted → accepted); the version in force becomes superseded' })
  @ApiOkResponse({ type: BudgetVersionView })
  @ApiProblems({ 404: ['budget_version_not_found'], 409: ['invalid_transition'], 422: ['revision_below_commitments'] })
  accept(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<BudgetVersionView> {
    return this.budget.accept(caller, id);
  }
}
