import { Controller, Get, HttpCode, OnModuleInit, Param, Put, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, NotFoundError, ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { isCatalogueEditor } from '../publications/domain/access-policy';
import { isPlainFileName } from '../publications/domain/identifiers';
import { SecretariatEditorRequiredError } from '../publications/publications.errors';
import { DigestMismatchError, FileStorage } from '../storage/file-storage';
import { FileContents } from './file-contents';
import type { FileContentRow } from './file-contents';
import { FileTextJob } from './file-text.job';
import {
  announcedSha256,
  mediaTypeOf,
  PayloadTooLargeError,
  Sha256MismatchError,
  SizeLimit,
  uploadStreamOf,
  useUploadStream,
} from './upload-body';

export class UploadedFileRefView {
  @ApiProperty({ example: 'report.pdf' }) name: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
}

export class TextExtractionView {
  @ApiProperty({
    enum: ['pending', 'extracted', 'skipped', 'failed'],
    description: 'Whether the file’s text is searchable: `pending` until the background extraction has run',
  })
  status: string;
  @ApiPropertyOptional({ description: 'Why it was skipped or failed, or that it was truncated' }) reason?: string;
  @ApiProperty({ description: 'Characters of text indexed' }) characters: number;
}

export class UploadView {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty() mediaType: string;
  @ApiProperty({ type: TextExtractionView }) text: TextExtractionView;
  @ApiProperty({ type: UploadedFileRefView, description: 'What to put in `files` of a version body (without contentBase64)' })
  file: UploadedFileRefView;
}

const ROUTE = '/uploads/:name';

export function textViewOf(row: FileContentRow): TextExtractionView {
  return { status: row.textStatus, ...(row.textNote ? { reason: row.textNote } : {}), characters: row.characters };
}

export class StoredContentView {
  @ApiProperty() mediaType: string;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({ type: TextExtractionView }) text: TextExtractionView;
}

export class StoredFileView {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty({ type: [StoredContentView], description: 'One per media type the content was uploaded with' })
  contents: StoredContentView[];
}

export class ContentNotFoundError extends NotFoundError {
  constructor(sha256: string) {
    super(`no content with SHA-256 ${sha256} is stored`, { code: 'content_not_found' });
  }
}

/** What the catalogue knows about an uploaded content: its text extraction status (pending, then the result). */
@ApiTags('uploads')
@Controller('files')
export class StoredFilesController {
  constructor(private readonly contents: FileContents) {}

  @Get(':sha256')
  @Roles('editor')
  @ApiOperation({ summary: 'An uploaded content by SHA-256: size, upload time and text extraction status per media type' })
  @ApiParam({ name: 'sha256', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } })
  @ApiOkResponse({ type: StoredFileView })
  @ApiProblems({ 403: ['secretariat_editor_required'], 404: ['content_not_found'] })
  async stored(@CurrentPrincipal() caller: Principal, @Param('sha256') sha256: string): Promise<StoredFileView> {
    if (!isCatalogueEditor(caller)) throw new SecretariatEditorRequiredError();
    // A string that is not a digest names no content: the same 404 as an unknown digest.
    const rows = /^[0-9a-f]{64}$/.test(sha256) ? await this.contents.findAll(sha256) : [];
    if (rows.length === 0) throw new ContentNotFoundError(sha256);
    return {
      sha256,
      contents: rows.map((r) => ({ mediaType: r.mediaType, size: r.size, uploadedAt: r.uploadedAt.toISOString(), text: textViewOf(r) })),
    };
  }
}

/**
 * Streamed upload of a publication file: the request body is the file, piped through a size limit and a SHA-256
 * digest into the file storage (local disk or S3), never held whole in memory. The version that lists the file
 * then names it by SHA-256 and media type. Text is extracted for search when the bytes are stored.
 */
@ApiTags('uploads')
@Controller('uploads')
export class UploadsController implements OnModuleInit {
  constructor(
    private readonly storage: FileStorage,
    private readonly contents: FileContents,
    private readonly config: ResearchCatalogueConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly textJob: FileTextJob,
  ) {}

  onModuleInit(): void {
    useUploadStream(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), 'PUT', ROUTE);
  }

  @Put(':name')
  @Roles('editor')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Upload a file as the raw request body (streamed; its text extracted for search in the background); a version then lists it by SHA-256',
    description:
      'The body is the file, its Content-Type the file’s media type. With X-Content-SHA256 (hex), Digest (sha-256=base64) or Content-Digest, a content that does not match is refused with 422 and nothing is kept. Larger than UPLOAD_MAX_BYTES: 413, nothing kept. Text is extracted in the background (the answer says `pending`; GET /files/{sha256} shows the result, and the versions listing the file are re-indexed when it is known) from text/plain, text/markdown, text/html and application/pdf; other types are stored with the reason their text is not.',
  })
  @ApiParam({ name: 'name', schema: { type: 'string', maxLength: 255 }, description: 'File name (no path separators)' })
  @ApiConsumes('application/octet-stream', 'application/pdf', 'text/plain', 'text/markdown', 'text/html')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The file content' })
  @ApiHeader({ name: 'X-Content-SHA256', required: false, description: 'SHA-256 of the body, hex' })
  @ApiHeader({ name: 'Digest', required: false, description: 'RFC 3230 digest, e.g. sha-256=<base64>' })
  @ApiCreatedResponse({ type: UploadView })
  @ApiProblems({ 403: ['secretariat_editor_required'], 409: ['upload_conflict'], 413: ['payload_too_large'], 422: ['sha256_mismatch'] })
  async upload(@CurrentPrincipal() caller: Principal, @Param('name') name: string, @Req() request: FastifyRequest): Promise<UploadView> {
    const body = uploadStreamOf(request);
    if (!isCatalogueEditor(caller)) throw new SecretariatEditorRequiredError();
    const errors: FieldError[] = [];
    if (name.length > 255 || !isPlainFileName(name))
      errors.push({
        field: 'name',
        reason: 'must be a file name of at most 255 characters, without path separators or control characters',
      });
    const { mediaType, charset } = mediaTypeOf(request.uploadContentType, errors);
    const announced = announcedSha256(request.headers, errors);
    if (errors.length) throw new ValidationFailedError(errors);
    const limit = this.config.UPLOAD_MAX_BYTES;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
    const limiter = new SizeLimit(limit);
    body.on('error', (e) => limiter.destroy(e));
    let stored: { sha256: string; size: number };
    try {
      stored = await this.storage.store(body.pipe(limiter), announced?.sha256);
    } catch (e) {
      if (limiter.exceeded) throw new PayloadTooLargeError(limit);
      if (e instanceof DigestMismatchError && announced) throw new Sha256MismatchError(announced.field, e.expected, e.actual);
      throw e;
    }
    const { row, queued } = await this.contents.enqueue({ ...stored, mediaType, ...(charset ? { charset } : {}) }, caller.subject);
    if (queued) this.textJob.kick();
    return {
      sha256: stored.sha256,
      size: stored.size,
      mediaType,
      text: textViewOf(row),
      file: { name, mediaType, sha256: stored.sha256 },
    };
  }
}
