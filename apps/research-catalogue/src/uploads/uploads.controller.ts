import { Controller, HttpCode, OnModuleInit, Param, Put, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { isCatalogueEditor } from '../publications/domain/access-policy';
import { isPlainFileName } from '../publications/domain/identifiers';
import { SecretariatEditorRequiredError } from '../publications/publications.errors';
import { DigestMismatchError, FileStorage } from '../storage/file-storage';
import { FileContents } from './file-contents';
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
  @ApiProperty({ enum: ['extracted', 'skipped', 'failed'], description: 'Whether the file’s text is searchable' }) status: string;
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
  ) {}

  onModuleInit(): void {
    useUploadStream(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), 'PUT', ROUTE);
  }

  @Put(':name')
  @Roles('editor')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a file as the raw request body (streamed; its text extracted for search); a version then lists it by SHA-256',
    description:
      'The body is the file, its Content-Type the file’s media type. With X-Content-SHA256 (hex), Digest (sha-256=base64) or Content-Digest, a content that does not match is refused with 422 and nothing is kept. Larger than UPLOAD_MAX_BYTES: 413, nothing kept. Text is extracted from text/plain, text/markdown, text/html and application/pdf; other types are stored with the reason their text is not.',
  })
  @ApiParam({ name: 'name', schema: { type: 'string', maxLength: 255 }, description: 'File name (no path separators)' })
  @ApiConsumes('application/octet-stream', 'application/pdf', 'text/plain', 'text/markdown', 'text/html')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The file content' })
  @ApiHeader({ name: 'X-Content-SHA256', required: false, description: 'SHA-256 of the body, hex' })
  @ApiHeader({ name: 'Digest', required: false, description: 'RFC 3230 digest, e.g. sha-256=<base64>' })
  @ApiCreatedResponse({ type: UploadView })
  @ApiProblems({ 403: ['secretariat_editor_required'], 413: ['payload_too_large'], 422: ['sha256_mismatch'] })
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
    const row = await this.contents.record({ ...stored, mediaType, ...(charset ? { charset } : {}) }, caller.subject, async () => {
      const object = await this.storage.get(stored.sha256);
      if (!object) throw new Error(`upload ${stored.sha256} vanished from storage`);
      return object.stream;
    });
    return {
      sha256: stored.sha256,
      size: stored.size,
      mediaType,
      text: { status: row.textStatus, ...(row.textNote ? { reason: row.textNote } : {}), characters: row.characters },
      file: { name, mediaType, sha256: stored.sha256 },
    };
  }
}
