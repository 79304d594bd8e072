import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe, ParseInt32Pipe } from '@wco/http';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '@wco/auth';
import { ReportSubmissionDto } from './dto/report-submission.dto';
import type { Principal } from '@wco/auth';
import type { ReceiptPage } from '../receipts/access-receipts.service';
import { DecideCorrectionDto, ProposeCorrectionDto } from './dto/correction.dto';
import { ListReportsQueryDto, PageQueryDto } from './dto/list-reports.query';
import type { CorrectionView, ReportPage, ReportVersionSummary, ReportView } from './dto/report.view';
import { CorrectionViewSchema, ReportPageSchema, ReportVersionSummarySchema, ReportViewSchema } from './dto/report.responses';
import { ReceiptPageSchema } from '../receipts/receipt.responses';
import { ReportCorrectionsService } from './report-corrections.service';
import { ReportListingService } from './report-listing.service';
import { ReportSubmissionService } from './report-submission.service';
import { ReportVersionsService } from './report-versions.service';

@ApiTags('reports')
@ApiUuidParam('id', 'The report (the same across versions)')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly submission: ReportSubmissionService,
    private readonly reading: ReportVersionsService,
    private readonly correcting: ReportCorrectionsService,
    private readonly listing: ReportListingService,
  ) {}

  @Post()
  @Roles('member-analyst')
  @ApiOperation({
    summary: 'Submit a seizure or intelligence report (version 1)',
    description:
      'Stores version 1, correlates it with the reports it may be matched with and announces it (report.submitted, match.found).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({
    type: ReportViewSchema,
    description: 'Stored (or, with a replayed Idempotency-Key, the first answer again)',
    headers: {
      Location: { description: 'The report: /reports/{id}', schema: { type: 'string' } },
      'Idempotency-Replayed': {
        description: '`true` when this is the stored answer to an earlier request with the same key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblems({
    400: ['not_operation_participant', 'operation_template_not_met', 'invalid_idempotency_key'],
    409: ['idempotency_request_in_progress'],
    422: ['operation_not_active', 'idempotency_key_reused'],
  })
  async submit(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: ReportSubmissionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView> {
    const { view, replayed } = await this.submission.submit(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/reports/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get()
  @ApiOperation({
    summary: 'Reports the caller may see, filtered, newest detection first (cursor-paginated)',
    description: 'Every report in the page is recorded as read (access receipt).',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiOkResponse({ type: ReportPageSchema, description: 'One page' })
  @ApiProblems({ 400: ['invalid_cursor'] })
  list(@CurrentPrincipal() caller: Principal, @Query() query: ListReportsQueryDto): Promise<ReportPage> {
    return this.listing.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The current version of a report',
    description: 'Recorded as read (access receipt). A report the caller may not see is answered like one that does not exist.',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiOkResponse({ type: ReportViewSchema, description: 'The current version' })
  @ApiProblems({ 404: ['report_not_found', 'report_purged'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<ReportView> {
    return this.reading.get(caller, id);
  }

  @Post(':id/versions')
  @Roles('member-analyst')
  @ApiOperation({
    summary: 'Revise a report: the originating Member stores version n+1',
    description: 'The whole report again, as in a submission; it is correlated anew.',
  })
  @ApiCreatedResponse({ type: ReportViewSchema, description: 'The new version' })
  @ApiProblems({
    400: ['not_operation_participant', 'operation_template_not_met'],
    403: ['not_originator'],
    404: ['report_not_found'],
    422: ['operation_not_active'],
  })
  revise(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: ReportSubmissionDto,
  ): Promise<ReportView> {
    return this.submission.revise(caller, id, dto);
  }

  @Get(':id/versions')
  @ApiOperation({
    summary: 'The versions of a report, oldest first',
    description: 'Who submitted each version is shown to the originating Member only.',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiOkResponse({ type: ReportVersionSummarySchema, isArray: true, description: 'Every version' })
  @ApiProblems({ 404: ['report_not_found'] })
  versions(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<ReportVersionSummary[]> {
    return this.reading.listVersions(caller, id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({
    summary: 'One version of a report',
    description: 'Recorded as read (access receipt). The current distribution decides who may read older versions.',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiParam({ name: 'version', description: 'Version number, from 1', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ type: ReportViewSchema, description: 'That version' })
  @ApiProblems({ 404: ['report_not_found', 'report_purged', 'report_version_not_found'] })
  version(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Param('version', new ParseInt32Pipe({ min: 1 })) version: number,
  ): Promise<ReportView> {
    return this.reading.getVersion(caller, id, version);
  }

  @Post(':id/corrections')
  @Roles('member-analyst')
  @ApiOperation({
    summary: 'Propose a correction to a report the caller can see',
    description: 'The changed report must still be valid; the originating Member decides on it.',
  })
  @ApiCreatedResponse({ type: CorrectionViewSchema, description: 'The proposal' })
  @ApiProblems({ 404: ['report_not_found', 'report_purged'] })
  proposeCorrection(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: ProposeCorrectionDto,
  ): Promise<CorrectionView> {
    return this.correcting.proposeCorrection(caller, id, dto);
  }

  @Get(':id/corrections')
  @ApiOperation({
    summary: 'Corrections proposed on a report',
    description: 'The originating Member sees every proposal, another Member its own.',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiOkResponse({ type: CorrectionViewSchema, isArray: true, description: 'The proposals, oldest first' })
  @ApiProblems({ 404: ['report_not_found'] })
  corrections(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<CorrectionView[]> {
    return this.correcting.listCorrections(caller, id);
  }

  @Post(':id/corrections/:correctionId/decision')
  @HttpCode(200)
  @Roles('member-analyst')
  @ApiOperation({
    summary: 'The originating Member accepts (new version) or rejects a correction',
    description: 'Accepting stores the corrected report as a new version.',
  })
  @ApiUuidParam('correctionId', 'The correction')
  @ApiOkResponse({ type: CorrectionViewSchema, description: 'The decided correction' })
  @ApiProblems({
    400: ['correction_no_longer_applies'],
    403: ['not_originator'],
    404: ['correction_not_found', 'report_not_found', 'report_purged'],
    409: ['correction_already_decided'],
  })
  decide(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Param('correctionId', ParseUuidPipe) correctionId: string,
    @Body() dto: DecideCorrectionDto,
  ): Promise<CorrectionView> {
    return this.correcting.decideCorrection(caller, id, correctionId, dto);
  }

  @Get(':id/receipts')
  @ApiOperation({
    summary: 'Who read the report',
    description:
      "Access receipts, newest first (cursor-paginated). The report's originating Member and WCO auditors see every read; a Member's auditor sees its own Member's reads of reports its Member may see; everyone else gets the 404 of a random id.",
  })
  @ApiRoles(['member-analyst', 'auditor'], {
    note: "A member-analyst of the report's originating Member, an auditor of that Member or of WCO (all reads), or another Member's auditor (its own Member's reads of reports it may see); anyone else gets 404 `report_not_found`.",
  })
  @ApiOkResponse({ type: ReceiptPageSchema, description: 'One page' })
  @ApiProblems({ 400: ['invalid_cursor'], 404: ['report_not_found'] })
  receipts(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Query() page: PageQueryDto,
  ): Promise<ReceiptPage> {
    return this.listing.receiptsOf(caller, id, page.cursor, page.limit);
  }
}
