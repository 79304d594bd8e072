import { Readable } from 'node:stream';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseInt32Pipe, ParseUuidPipe } from '@wco/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertDecodableQuery } from '../common/query-encoding';
import {
  CITATION_FORMATS,
  CITATION_MEDIA_TYPES,
  citationContent,
  formatCitations,
  negotiate,
  VERSION_MEDIA_TYPES,
} from '../citations/citation-formats';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { CurrentReader, PublicRead } from '../common/reader';
import type { Reader } from './domain/access-policy';
import type { PublicationType } from './domain/vocabulary';
import {
  ChangeAccessDto,
  CitationFormatQueryDto,
  CreatePublicationDto,
  SearchQueryDto,
  VersionMetadataDto,
  WithdrawPublicationDto,
} from './dto/publication.dto';
import { AccessHistoryView, PublicationView, SearchResultView, VersionView } from './publication.views';
import { NotAcceptableError } from './publications.errors';
import { PublicationsService } from './publications.service';
import { UsageService, UsageView } from '../usage/usage.service';
import type { ClientFacts } from '../usage/usage.service';

function clientOf(request: FastifyRequest): ClientFacts {
  const ua = request.headers['user-agent'];
  return { address: request.ip, ...(typeof ua === 'string' ? { userAgent: ua } : {}) };
}

const WRITE_PROBLEMS = { 403: ['secretariat_editor_required'] } as const;

@ApiTags('publications')
@ApiExtraModels(VersionView, SearchResultView)
@Controller('publications')
@ApiUuidParam('id', 'Publication (concept record) id')
export class PublicationsController {
  constructor(
    private readonly publications: PublicationsService,
    private readonly usage: UsageService,
    private readonly config: ResearchCatalogueConfig,
  ) {}

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Create a publication (version 1); released event unless under embargo' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ type: PublicationView })
  @ApiProblems({
    ...WRITE_PROBLEMS,
    400: ['invalid_idempotency_key'],
    409: ['idempotency_request_in_progress'],
    422: ['idempotency_key_reused'],
  })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreatePublicationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublicationView> {
    const { view, replayed } = await this.publications.create(caller, dto, idempotencyKey);
    void reply.status(201).header('location', `/publications/${view.id}`);
    if (replayed) void reply.header('idempotency-replayed', 'true');
    return view;
  }

  @Get()
  @PublicRead()
  @ApiOperation({
    summary: 'Search the publications the caller may see (full text in five languages), with facets over the same set',
    description: `JSON by default; the page as citations with Accept (${Object.values(CITATION_MEDIA_TYPES).join(', ')}) or format=, the next page in a Link header.`,
  })
  @ApiOkResponse({
    description: 'A page of results, or its citations',
    content: citationContent({ $ref: getSchemaPath(SearchResultView) }, true),
  })
  @ApiProblems({ 400: ['invalid_cursor'], 406: ['not_acceptable'] })
  async search(
    @CurrentReader() reader: Reader,
    @Query() query: SearchQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SearchResultView | string> {
    assertDecodableQuery(request.url);
    const type = query.format ? CITATION_FORMATS[query.format] : negotiate(accept);
    if (!type) throw new NotAcceptableError(VERSION_MEDIA_TYPES);
    void reply.header('vary', 'Accept');
    if (type === 'application/json') return this.publications.search(reader, query);
    const { page, nextCursor } = await this.publications.searchPage(reader, query);
    const base = this.config.PUBLIC_BASE_URL;
    const citables = page.map((h) => ({
      publicationId: h.id,
      version: h.version,
      url: `${base}/publications/${h.id}/versions/${h.version}`,
      type: h.type as PublicationType,
      metadata: h.metadata,
    }));
    if (nextCursor) {
      const next = new URL(request.url, 'http://x');
      next.searchParams.set('cursor', nextCursor);
      void reply.header('link', `<${base}/publications?${next.searchParams.toString()}>; rel="next"`);
    }
    void reply.header('content-type', `${type}; charset=utf-8`);
    return formatCitations(type, citables);
  }

  @Get(':id')
  @PublicRead()
  @ApiOperation({ summary: 'A publication: its versions and the latest one, or its tombstone once withdrawn' })
  @ApiOkResponse({ type: PublicationView })
  @ApiProblems({ 404: ['publication_not_found'] })
  get(@CurrentReader() reader: Reader, @Param('id', ParseUuidPipe) id: string): Promise<PublicationView> {
    return this.publications.get(reader, id);
  }

  @Post(':id/versions')
  @Roles('editor')
  @ApiOperation({ summary: 'Add a version, which supersedes the previous one (still readable and citable); revised event' })
  @ApiCreatedResponse({ type: VersionView })
  @ApiProblems({ ...WRITE_PROBLEMS, 404: ['publication_not_found'], 409: ['publication_withdrawn'] })
  addVersion(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: VersionMetadataDto,
  ): Promise<VersionView> {
    return this.publications.addVersion(caller, id, dto);
  }

  @Put(':id/access')
  @Roles('editor')
  @ApiOperation({
    summary: 'Change who may see a publication (access level, named Members, embargo) with a reason; accesschanged event',
    description:
      'The body is the whole rule after the change. Search, counts, facets, suggestions, OAI-PMH (a record that stops being public is reported deleted) and notifications follow it at once; subscribers who may see the publication now and could not before are notified of its release. The same rule again changes nothing and emits nothing.',
  })
  @ApiOkResponse({ type: PublicationView })
  @ApiProblems({ ...WRITE_PROBLEMS, 404: ['publication_not_found'], 409: ['publication_withdrawn'] })
  changeAccess(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: ChangeAccessDto,
  ): Promise<PublicationView> {
    return this.publications.changeAccess(caller, id, dto);
  }

  @Post(':id/withdraw')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw: the record becomes a tombstone with the reason (never deleted); withdrawn event' })
  @ApiOkResponse({ type: PublicationView })
  @ApiProblems({ ...WRITE_PROBLEMS, 404: ['publication_not_found'], 409: ['publication_withdrawn'] })
  withdraw(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: WithdrawPublicationDto,
  ): Promise<PublicationView> {
    return this.publications.withdraw(caller, id, dto.reason);
  }

  @Get(':id/versions/:version')
  @PublicRead()
  @ApiOperation({
    summary: 'One version, as JSON or as a citation chosen by Accept',
    description: `Accept: ${VERSION_MEDIA_TYPES.join(', ')} (text/x-bibliography is an APA 7 reference; with style=harvard or style=vancouver, those CSL styles of citation-js).`,
  })
  @ApiParam({ name: 'version', schema: { type: 'integer', minimum: 1, maximum: 2147483647 } })
  @ApiOkResponse({ description: 'The version, or its citation', content: citationContent({ $ref: getSchemaPath(VersionView) }, false) })
  @ApiProblems({
    400: ['validation_failed'],
    404: ['publication_not_found', 'version_not_found'],
    406: ['not_acceptable'],
    410: ['publication_withdrawn'],
  })
  async getVersion(
    @CurrentReader() reader: Reader,
    @Param('id', ParseUuidPipe) id: string,
    @Param('version', new ParseInt32Pipe({ min: 1 })) version: number,
    @Query() query: CitationFormatQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VersionView | string> {
    const type = query.format ? CITATION_FORMATS[query.format] : negotiate(accept);
    const { publication, record, version: view } = await this.publications.getVersion(reader, id, version);
    // Existence first, representation second: a hidden record is 404 whatever the Accept header asks for.
    if (!type) throw new NotAcceptableError(VERSION_MEDIA_TYPES);
    void reply.header('vary', 'Accept');
    await this.usage.record(record.id, 'view', clientOf(request));
    if (type === 'application/json') return view;
    const citable = { publicationId: id, version: record.version, url: view.url, type: publication.type, metadata: record.metadata };
    void reply.header('content-type', `${type}; charset=utf-8`);
    // One version in CSL-JSON is still an array of one item, as citeproc processors take it.
    return formatCitations(type, [citable]);
  }

  @Get(':id/usage')
  @PublicRead()
  @ApiOperation({
    summary: 'Views and downloads per version and month (COUNTER rules: robots and double clicks within 30 s left out)',
    description: 'Counts only, no data about who read: the same to every caller who may see the publication.',
  })
  @ApiOkResponse({ type: UsageView })
  @ApiProblems({ 404: ['publication_not_found'] })
  async usageOf(@CurrentReader() reader: Reader, @Param('id', ParseUuidPipe) id: string): Promise<UsageView> {
    await this.publications.get(reader, id);
    return this.usage.ofPublication(id);
  }

  @Get(':id/access-history')
  @PublicRead()
  @ApiOperation({
    summary: 'Who changed the access rule of a publication, when, why, from what to what (Secretariat editors only)',
    description: 'Oldest first, as written by PUT /publications/:id/access; readable after a withdrawal too. An invalid token is 401.',
  })
  @ApiRoles(['editor'], {
    note: 'Secretariat editors only (wco_member WCO); any other caller gets 404 `publication_not_found`, as for an unknown id.',
  })
  @ApiOkResponse({ type: AccessHistoryView })
  @ApiProblems({ 401: ['missing_token', 'invalid_token'], 404: ['publication_not_found'] })
  accessHistory(@CurrentReader() reader: Reader, @Param('id', ParseUuidPipe) id: string): Promise<AccessHistoryView> {
    return this.publications.accessHistory(reader, id);
  }

  @Get(':id/versions/:version/files/:name')
  @PublicRead()
  @ApiOperation({ summary: 'A file of a version (bytes, with its media type and SHA-256 as ETag)' })
  @ApiParam({ name: 'version', schema: { type: 'integer', minimum: 1, maximum: 2147483647 } })
  @ApiParam({ name: 'name', schema: { type: 'string', maxLength: 255 } })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file content' })
  @ApiProblems({
    400: ['validation_failed'],
    404: ['publication_not_found', 'version_not_found', 'file_not_found'],
    410: ['publication_withdrawn'],
  })
  async file(
    @CurrentReader() reader: Reader,
    @Param('id', ParseUuidPipe) id: string,
    @Param('version', new ParseInt32Pipe({ min: 1 })) version: number,
    @Param('name') name: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { file, content, versionId } = await this.publications.file(reader, id, version, name);
    await this.usage.record(versionId, 'download', clientOf(request));
    void reply
      .header('content-type', file.mediaType)
      .header('etag', `"${file.sha256}"`)
      .header('content-length', content.size)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    // Streamed from storage: the file is never held whole in memory.
    return content.stream;
  }
}
