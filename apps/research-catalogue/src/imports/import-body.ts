import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  BadRequestError,
  DomainError,
  findTooDeep,
  findUnsafeString,
  forbiddenPropertyName,
  hasPrototypeKey,
  parseUntrustedJson,
  unsafeStringReason,
  ValidationFailedError,
} from '@wco/http';
import type { FieldError } from '@wco/http';

/** One item of an import body as read: the parsed object, or why it is not one (the item then fails on its own). */
export type ReadItem = { position: number; value: Record<string, unknown> } | { position: number; error: FieldError; code: string };

export class ImportTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Payload too large';
  constructor(what: 'bytes' | 'items', limit: number) {
    super(
      what === 'bytes'
        ? `the import is larger than ${limit} bytes (IMPORT_JOB_MAX_BYTES); nothing was kept: split it into several jobs`
        : `the import has more than ${limit} items (IMPORT_JOB_MAX_ITEMS); nothing was kept: split it into several jobs`,
      'payload_too_large',
      { extensions: { limit, unit: what } },
    );
  }
}

export class ImportMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
  constructor(type: string | undefined) {
    super(
      `an import job is sent as application/x-ndjson (one publication per line) or application/json ({"items": [...]}), not ${type ?? 'without a Content-Type'}`,
      'unsupported_media_type',
    );
  }
}

export type ImportBodyKind = 'ndjson' | 'json';

/** The body format named by a Content-Type, or undefined when it is neither NDJSON nor JSON. */
export function importBodyKind(contentType: string | undefined): ImportBodyKind | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') return 'ndjson';
  if (type === 'application/json') return 'json';
  return undefined;
}

export interface ImportBodyLimits {
  maxBytes: number;
  maxItems: number;
  /** HTTP_JSON_MAX_DEPTH: the deepest nesting of one item. */
  maxDepth: number;
}

/**
 * Reads an import body off the request stream, never holding more than one batch of parsed items (NDJSON) and the
 * SHA-256 of every byte (the fingerprint of an Idempotency-Key). `onBatch` receives the items in order, `batchSize` at
 * a time. NDJSON: one JSON object per line; empty lines are skipped and take no position. JSON: `{"items": [...]}`,
 * read whole (it is one document), then handed over in the same batches. More bytes or items than the limits: 413.
 * A line that is not JSON (or not an object) fails alone (`malformed_json`, `validation_failed`). What every JSON body of
 * the platform is refused for refuses the whole upload (400, nothing kept), naming the field as `items.<index>.<field>`:
 * prototype-poisoning keys, nesting deeper than HTTP_JSON_MAX_DEPTH, a NUL or a lone surrogate in a string or key.
 */
export async function readImportBody(
  stream: Readable,
  kind: ImportBodyKind,
  limits: ImportBodyLimits,
  batchSize: number,
  onBatch: (items: ReadItem[]) => Promise<void>,
): Promise<{ sha256: string; total: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let total = 0;
  let batch: ReadItem[] = [];
  const push = async (read: (position: number) => ReadItem): Promise<void> => {
    if (total >= limits.maxItems) throw new ImportTooLargeError('items', limits.maxItems);
    batch.push(read(total++));
    if (batch.length >= batchSize) {
      const full = batch;
      batch = [];
      await onBatch(full);
    }
  };
  const chunks: Buffer[] = [];
  let rest = '';
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const line = async (raw: string): Promise<void> => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() !== '') await push((position) => lineItem(text, position, limits.maxDepth));
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limits.maxBytes) {
      stream.destroy();
      throw new ImportTooLargeError('bytes', limits.maxBytes);
    }
    hash.update(chunk);
    if (kind === 'json') {
      chunks.push(chunk);
      continue;
    }
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) await line(l);
  }
  if (kind === 'ndjson') {
    await line(rest + decoder.decode());
  } else {
    for (const value of jsonItems(Buffer.concat(chunks).toString('utf8')))
      await push((position) => checkedItem(value, position, limits.maxDepth));
  }
  if (batch.length) await onBatch(batch);
  return { sha256: hash.digest('hex'), total };
}

function failure(position: number, error: DomainError): ReadItem {
  const fields = error instanceof ValidationFailedError ? error.errors : [{ field: `items.${position}`, reason: error.message }];
  return { position, code: error.code, error: fields[0] };
}

function lineItem(text: string, position: number, maxDepth: number): ReadItem {
  const parsed = parseUntrustedJson(text, maxDepth, `items.${position}`);
  if (!('error' in parsed)) return objectItem(parsed.value, position);
  // A line that is not JSON fails alone; what the platform refuses in any JSON body refuses the upload.
  if (parsed.error.code === 'malformed_json') return failure(position, parsed.error);
  throw parsed.error;
}

function objectItem(value: unknown, position: number): ReadItem {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { position, value: value as Record<string, unknown> };
  return { position, code: 'validation_failed', error: { field: `items.${position}`, reason: 'must be a JSON object (one publication)' } };
}

/** An item of a JSON body, parsed with the body: the checks of a line, on the value. */
function checkedItem(value: unknown, position: number, maxDepth: number): ReadItem {
  const root = `items.${position}`;
  const deep = findTooDeep(value, maxDepth);
  if (deep)
    throw new ValidationFailedError([{ ...deep, field: deep.field === '(body)' ? root : `${root}.${deep.field}` }], {
      code: 'json_too_deep',
    });
  const unsafe = findUnsafeString(value, root);
  if (unsafe) throw new ValidationFailedError([unsafe], { code: 'unsafe_string' });
  return objectItem(value, position);
}

/** The items of a JSON body `{"items": [...]}`; the body's own faults refuse it whole, naming the field. */
function jsonItems(text: string): unknown[] {
  // JSON.parse is iterative: any depth is safe to parse; each item's depth and strings are checked on their own.
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadRequestError(`malformed JSON body: ${e instanceof Error ? e.message : String(e)}`, { code: 'malformed_json' });
  }
  if (/__proto__|constructor|\\u/.test(text) && hasPrototypeKey(text)) throw forbiddenPropertyName();
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationFailedError([{ field: '(body)', reason: 'must be an object with the publications in "items"' }]);
  const errors: FieldError[] = Object.keys(body)
    .filter((k) => k !== 'items')
    .map((k) => {
      const unsafe = unsafeStringReason(k);
      return unsafe
        ? { field: '(body)', reason: `keys ${unsafe}` }
        : { field: k, reason: 'is not a property of an import body (only "items")' };
    });
  const items = (body as { items?: unknown }).items;
  if (!Array.isArray(items)) errors.push({ field: 'items', reason: 'must be an array of publications' });
  if (errors.length) throw new ValidationFailedError(errors);
  return items as unknown[];
}
