import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, DomainError, flattenValidationErrors, ValidationFailedError } from '@wco/http';
import type { FieldError } from '@wco/http';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, validate } from 'class-validator';
import { CreatePublicationDto } from '../publications/dto/publication.dto';
import { PublicationsService } from '../publications/publications.service';

export const MAX_IMPORT_ITEMS = 200;

export class ImportRequestDto {
  @ApiProperty({ type: [CreatePublicationDto], description: `1 to ${MAX_IMPORT_ITEMS} publications, each with its externalId` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT_ITEMS)
  @IsObject({ each: true })
  items: Record<string, unknown>[];
}

export class ImportItemResultView {
  @ApiProperty() index: number;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty({ enum: ['created', 'unchanged', 'failed'] }) status: string;
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ description: 'Problem code of a failed item' }) code?: string;
  @ApiPropertyOptional({ description: 'Each invalid field of a failed item, as items.<index>.<field>' }) errors?: FieldError[];
}

export class ImportResultView {
  @ApiProperty() created: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: [ImportItemResultView] }) results: ImportItemResultView[];
}

/**
 * Bulk import: each item is validated on its own, so a bad item is reported and the others go in (written together,
 * `PublicationsService.importMany`); an item whose externalId is already catalogued is `unchanged`, so a failed or
 * interrupted import is simply sent again.
 */
export async function importItems(
  publications: PublicationsService,
  caller: Principal,
  items: readonly Record<string, unknown>[],
): Promise<ImportResultView> {
  const results: ImportItemResultView[] = new Array(items.length);
  const failed = (index: number, e: DomainError): ImportItemResultView => {
    const errors =
      e instanceof ValidationFailedError ? e.errors.map((f) => ({ field: `items.${index}.${f.field}`, reason: f.reason })) : undefined;
    return { index, status: 'failed', code: e.code, ...(errors ? { errors } : {}) };
  };
  const valid: { index: number; dto: CreatePublicationDto }[] = [];
  for (const [index, raw] of items.entries()) {
    const dto = plainToInstance(CreatePublicationDto, raw);
    const invalid = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
    if (invalid.length) results[index] = failed(index, new ValidationFailedError(flattenValidationErrors(invalid)));
    else valid.push({ index, dto });
  }
  // The caller's own right to write is not an item's fault: importMany throws it for the request as a whole.
  const outcomes = await publications.importMany(
    caller,
    valid.map((v) => v.dto),
  );
  for (const [i, outcome] of outcomes.entries()) {
    const { index } = valid[i];
    results[index] = outcome.status === 'failed' ? failed(index, outcome.error) : { index, ...outcome };
  }
  for (const [index, raw] of items.entries()) {
    if (typeof raw.externalId === 'string') results[index] = { ...results[index], externalId: raw.externalId };
  }
  const count = (s: string) => results.filter((r) => r.status === s).length;
  return { created: count('created'), unchanged: count('unchanged'), failed: count('failed'), results };
}

@ApiTags('publications')
@Controller('imports')
export class ImportsController {
  constructor(private readonly publications: PublicationsService) {}

  @Post()
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import many publications, idempotent by externalId, with a result per item' })
  @ApiOkResponse({ type: ImportResultView })
  @ApiProblems({ 403: ['secretariat_editor_required'] })
  async import(@CurrentPrincipal() caller: Principal, @Body() body: ImportRequestDto): Promise<ImportResultView> {
    return importItems(this.publications, caller, body.items);
  }
}
