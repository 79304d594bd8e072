import { Transform, TransformCallback } from 'node:stream';
import { PayloadTooLargeError } from './proxy.errors';

/**
 * Passes a request body through chunk by chunk (nothing is held beyond the stream's own buffer) and fails it once
 * more than `limit` bytes went by: a chunked upload without Content-Length is capped like one with it.
 */
export class BodyLimitStream extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new PayloadTooLargeError(this.limit));
    else callback(null, chunk);
  }
}
