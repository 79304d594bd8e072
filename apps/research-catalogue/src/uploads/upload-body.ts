import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@wco/http';
import type { FieldError } from '@wco/http';
import { Readable, Transform, TransformCallback } from 'node:stream';

/**
 * The raw body of a streamed route (the file upload, the import-job body), handed to the controller as the request stream itself: never parsed,
 * never buffered. Whatever the request's Content-Type (it is the file's media type, even application/json), an
 * onRequest hook of that route alone moves it aside (`uploadContentType`) and the body reaches a pass-through
 * parser. Every other route keeps the platform's parsers (and answers 415 to a body type it does not take).
 */
const UPLOAD_STREAM = 'application/x-wco-upload-stream';

declare module 'fastify' {
  interface FastifyRequest {
    uploadContentType?: string;
  }
}

export function useUploadStream(fastify: FastifyInstance, method: string, route: string): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.method === method && request.routeOptions.url === route) {
      const type = request.headers['content-type'];
      request.uploadContentType = typeof type === 'string' ? type : undefined;
      request.headers['content-type'] = UPLOAD_STREAM;
      // A body-less request still reaches the parser, so the route always gets a stream.
      if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined)
        request.headers['content-length'] = '0';
    }
    done();
  });
  // One parser for every streamed route.
  if (!fastify.hasContentTypeParser(UPLOAD_STREAM))
    fastify.addContentTypeParser(UPLOAD_STREAM, (_request, payload, done) => done(null, payload));
}

export function uploadStreamOf(request: FastifyRequest): Readable {
  return request.body instanceof Readable ? request.body : Readable.from([]);
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Payload too large';
  constructor(limit: number) {
    super(`the file is larger than ${limit} bytes (UPLOAD_MAX_BYTES)`, 'payload_too_large', { extensions: { limit } });
  }
}

export class Sha256MismatchError extends DomainError {
  readonly status = 422;
  readonly title = 'Unprocessable entity';
  constructor(field: string, expected: string, actual: string) {
    super(`the content's SHA-256 is ${actual}, not ${expected} as ${field} says; nothing was kept`, 'sha256_mismatch', {
      extensions: { errors: [{ field, reason: `does not match the content (its SHA-256 is ${actual})` }] },
    });
  }
}

/** Counts the bytes going through and fails the stream as soon as they pass `limit`. */
export class SizeLimit extends Transform {
  exceeded = false;
  private count = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.limit) {
      this.exceeded = true;
      done(new PayloadTooLargeError(this.limit));
      return;
    }
    done(null, chunk);
  }
}

/**
 * The file's media type and charset from the request's Content-Type (`type/subtype`, lower case); without one,
 * application/octet-stream (RFC 9110 §8.3). A malformed one is added to `errors`.
 */
export function mediaTypeOf(header: string | undefined, errors: FieldError[]): { mediaType: string; charset?: string } {
  const [essence, ...params] = (header ?? 'application/octet-stream').split(';');
  const mediaType = essence.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(mediaType)) {
    errors.push({ field: 'Content-Type', reason: 'must be the media type of the file, such as application/pdf' });
    return { mediaType: 'application/octet-stream' };
  }
  const charset = params
    .map((p) => p.trim().split('='))
    .find(([k]) => k?.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .replace(/^"|"$/g, '');
  return { mediaType, ...(charset ? { charset } : {}) };
}

/**
 * The SHA-256 the client announces, if any: `X-Content-SHA256: <hex>`, `Digest: sha-256=<base64>` (RFC 3230) or
 * `Content-Digest: sha-256=:<base64>:` (RFC 9530). Malformed headers, or two that disagree, are added to `errors`.
 */
export function announcedSha256(headers: FastifyRequest['headers'], errors: FieldError[]): { sha256: string; field: string } | undefined {
  const found: { sha256: string; field: string }[] = [];
  const header = (name: string) => {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const hex = header('X-Content-SHA256');
  if (hex !== undefined) {
    if (/^[0-9a-fA-F]{64}$/.test(hex.trim())) found.push({ sha256: hex.trim().toLowerCase(), field: 'X-Content-SHA256' });
    else errors.push({ field: 'X-Content-SHA256', reason: 'must be a SHA-256 digest in hex (64 characters)' });
  }
  for (const [name, wrap] of [
    ['Digest', /^sha-256=([A-Za-z0-9+/]{43}=)$/i],
    ['Content-Digest', /^sha-256=:([A-Za-z0-9+/]{43}=):$/i],
  ] as const) {
    const value = header(name);
    if (value === undefined) continue;
    const entry = value
      .split(',')
      .map((e) => e.trim())
      .find((e) => e.toLowerCase().startsWith('sha-256='));
    const match = entry ? wrap.exec(entry) : null;
    if (match) found.push({ sha256: Buffer.from(match[1], 'base64').toString('hex'), field: name });
    else
      errors.push({
        field: name,
        reason: `must carry a sha-256 digest in base64 (${name === 'Digest' ? 'sha-256=<base64>' : 'sha-256=:<base64>:'})`,
      });
  }
  if (new Set(found.map((f) => f.sha256)).size > 1)
    errors.push({ field: found[1].field, reason: `announces another SHA-256 than ${found[0].field}` });
  return found[0];
}
