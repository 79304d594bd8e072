import { Controller, Get, Headers, HttpCode, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiUuidParam, PageQueryDto } from '@wco/http';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CreatePublicationDto } from '../publications/dto/publication.dto';
import { uploadStreamOf, useUploadStream } from '../uploads/upload-body';
import { ImportMediaTypeError, importBodyKind } from './import-body';
import { ImportJobWorker } from './import-job.worker';
import { ImportJobsService } from './import-jobs.service';
import type { ImportItemStatus, ImportJobStatus } from './import-jobs.service';

const ROUTE = '/import-jobs';
const JOB_STATUSES: ImportJobStatus[] = ['queued', 'running', 'completed', 'cancelled'];
const ITEM_STATUSES: ImportItemStatus[] = ['pending', 'created', 'unchanged', 'failed', 'cancelled'];

export class ImportFieldErrorView {
  @ApiProperty({ example: 'items.12.creators.0.orcid' }) field: string;
  @ApiProperty() reason: string;
}

export class ImportJobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: JOB_STATUSES }) status: ImportJobStatus;
  @ApiProperty({ description: 'Subject (sub) of the editor who submitted the job; the job runs with that token’s rights' })
  submittedBy: string;
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer', description: 'created + unchanged + failed' }) processed: number;
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer', description: 'Items whose externalId was catalogued already' }) unchanged: number;
  @ApiProperty({ type: 'integer' }) failed: number;
  @ApiProperty({ type: 'integer', description: 'Items not worked yet (for good once the job is cancelled)' }) pending: number;
  @ApiProperty({ description: 'processed / total in per cent, one decimal' }) percent: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Items worked per second since the job started' })
  itemsPerSecond: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Seconds left at that rate, while the job runs' })
  etaSeconds: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class ImportJobPageView {
  @ApiProperty({ type: [ImportJobView] }) items: ImportJobView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ImportJobItemView {
  @ApiProperty({ type: 'integer', description: 'Position of the item in the body (0 = first line or first array element)' })
  index: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status: ImportItemStatus;
  @ApiPropertyOptional() externalId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The publication created, or already catalogued with this externalId' })
  id?: string;
  @ApiPropertyOptional({ description: 'Problem code of a failed item (validation_failed, invalid_json...)' }) code?: string;
  @ApiPropertyOptional({ type: [ImportFieldErrorView], description: 'Each invalid field of a failed item, as items.<index>.<field>' })
  errors?: ImportFieldErrorView[];
}

export class ImportJobItemPageView {
  @ApiProperty({ type: [ImportJobItemView] }) items: ImportJobItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ImportJobItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ITEM_STATUSES, description: 'Only the items in this state (e.g. failed, to correct and send again)' })
  @IsOptional()
  @IsIn(ITEM_STATUSES, { message: `must be one of ${ITEM_STATUSES.join(', ')}` })
  status?: ImportItemStatus;
}

/**
 * Large imports: one request takes up to IMPORT_JOB_MAX_ITEMS publications (NDJSON streamed, or JSON), answers 202
 * with the job at once, and the job reports its progress while instances work it in the background. Each item goes
 * through the same rules as POST /imports (idempotent by externalId; a bad item fails alone).
 */
@ApiTags('publications')
@ApiExtraModels(CreatePublicationDto)
@Controller('import-jobs')
export class ImportJobsController implements OnModuleInit {
  constructor(
    private readonly jobs: ImportJobsService,
    private readonly worker: ImportJobWorker,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    useUploadStream(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), 'POST', ROUTE);
  }

  @Post()
  @Roles('editor')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a large import as a job: answered at once, worked in the background, with a progress report',
    description:
      'The body is streamed, never held whole: `application/x-ndjson`, one publication (as in POST /publications, with its externalId) per line, empty lines skipped; or `application/json` `{"items": [...]}`. The whole body is staged before the answer, or nothing is (a broken upload, more than IMPORT_JOB_MAX_BYTES bytes or IMPORT_JOB_MAX_ITEMS items: nothing kept). A line that is not a JSON object fails on its own (`invalid_json`). Follow the job at the Location; with an Idempotency-Key, the same body sent again answers the same job.',
  })
  @ApiConsumes('application/x-ndjson', 'application/json')
  @ApiBody({
    description:
      'application/json: this object. application/x-ndjson: the elements of `items`, one JSON object per line, without the enclosing object.',
    schema: {
      type: 'object',
      required: ['items'],
      additionalProperties: false,
      properties: { items: { type: 'array', minItems: 1, items: { $ref: getSchemaPath(CreatePublicationDto) } } },
    },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key with the same body answers the same job' })
  @ApiAcceptedResponse({ type: ImportJobView, description: 'The job, queued; Location names it' })
  @ApiProblems({
    400: ['invalid_idempotency_key'],
    403: ['secretariat_editor_required'],
    409: ['idempotency_request_in_progress'],
    413: ['payload_too_large'],
    415: ['unsupported_media_type'],
    422: ['idempotency_key_reused'],
  })
  async submit(
    @CurrentPrincipal() caller: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportJobView> {
    const body = uploadStreamOf(request);
    const kind = importBodyKind(request.uploadContentType);
    if (!kind) {
      body.resume();
      throw new ImportMediaTypeError(request.uploadContentType);
    }
    const { view, replayed } = await this.jobs.submit(caller, body, kind, idempotencyKey);
    void reply.header('location', `${ROUTE}/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    else this.worker.kick();
    return view;
  }

  @Get()
  @Roles('editor')
  @ApiOperation({ summary: 'Import jobs, the latest first' })
  @ApiOkResponse({ type: ImportJobPageView })
  @ApiProblems({ 403: ['secretariat_editor_required'] })
  async list(@CurrentPrincipal() caller: Principal, @Query() query: PageQueryDto): Promise<ImportJobPageView> {
    return this.jobs.list(caller, query.limit, query.cursor);
  }

  @Get(':id')
  @Roles('editor')
  @ApiOperation({ summary: 'An import job’s progress: counts, rate and time left' })
  @ApiUuidParam('id', 'The import job')
  @ApiOkResponse({ type: ImportJobView })
  @ApiProblems({ 403: ['secretariat_editor_required'], 404: ['import_job_not_found'] })
  async get(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<ImportJobView> {
    return this.jobs.get(caller, id);
  }

  @Get(':id/items')
  @Roles('editor')
  @ApiOperation({ summary: 'The result of each item of an import job, in order, page by page (filter by status)' })
  @ApiUuidParam('id', 'The import job')
  @ApiOkResponse({ type: ImportJobItemPageView })
  @ApiProblems({ 403: ['secretariat_editor_required'], 404: ['import_job_not_found'] })
  async items(
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
    @Query() query: ImportJobItemsQueryDto,
  ): Promise<ImportJobItemPageView> {
    return this.jobs.items(caller, id, { status: query.status, cursor: query.cursor, limit: query.limit });
  }

  @Post(':id/cancel')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a queued or running import job (what was imported stays; the rest is left)' })
  @ApiUuidParam('id', 'The import job')
  @ApiOkResponse({ type: ImportJobView })
  @ApiProblems({ 403: ['secretariat_editor_required'], 404: ['import_job_not_found'], 409: ['import_job_finished'] })
  async cancel(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<ImportJobView> {
    return this.jobs.cancel(caller, id);
  }
}
