import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ReportSubmissionDto } from './dto/report-submission.dto';
import type { ReceiptPage } from '../receipts/access-receipts.service';
import { DecideCorrectionDto, ProposeCorrectionDto } from './dto/correction.dto';
import { ListReportsQueryDto, PageQueryDto } from './dto/list-reports.query';
import type { CorrectionView, ReportPage, ReportVersionSummary, ReportView } from './dto/report.view';
import { ReportCorrectionsService } from './report-corrections.service';
import { ReportListingService } from './report-listing.service';
import { ReportSubmissionService } from './report-submission.service';
import { ReportVersionsService } from './report-versions.service';

@ApiTags('reports')
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
  @ApiOperation({ summary: 'Submit a seizure or intelligence report (version 1)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
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
  @ApiOperation({ summary: 'Reports the caller may see, filtered, newest detection first (cursor-paginated)' })
  list(@CurrentPrincipal() caller: Principal, @Query() query: ListReportsQueryDto): Promise<ReportPage> {
    return this.listing.list(caller, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ReportView> {
    return this.reading.get(caller, id);
  }

  @Post(':id/versions')
  @Roles('member-analyst')
  @ApiOperation({ summary: 'Revise a report: the originating Member stores version n+1' })
  revise(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReportSubmissionDto): Promise<ReportView> {
    return this.submission.revise(caller, id, dto);
  }

  @Get(':id/versions')
  versions(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ReportVersionSummary[]> {
    return this.reading.listVersions(caller, id);
  }

  @Get(':id/versions/:version')
  version(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<ReportView> {
    return this.reading.getVersion(caller, id, version);
  }

  @Post(':id/corrections')
  @Roles('member-analyst')
  @ApiOperation({ summary: 'Propose a correction to a report the caller can see' })
  proposeCorrection(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ProposeCorrectionDto,
  ): Promise<CorrectionView> {
    return this.correcting.proposeCorrection(caller, id, dto);
  }

  @Get(':id/corrections')
  corrections(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CorrectionView[]> {
    return this.correcting.listCorrections(caller, id);
  }

  @Post(':id/corrections/:correctionId/decision')
  @HttpCode(200)
  @Roles('member-analyst')
  @ApiOperation({ summary: 'The originating Member accepts (new version) or rejects a correction' })
  decide(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('correctionId', ParseUUIDPipe) correctionId: string,
    @Body() dto: DecideCorrectionDto,
  ): Promise<CorrectionView> {
    return this.correcting.decideCorrection(caller, id, correctionId, dto);
  }

  @Get(':id/receipts')
  @ApiOperation({ summary: 'Who read the report (originating Member and auditors only)' })
  receipts(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<ReceiptPage> {
    return this.listing.receiptsOf(caller, id, page.cursor, page.limit);
  }
}
