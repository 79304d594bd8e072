import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { asStream, assertSha256Key, DigestingStream, DigestMismatchError, FileStorage, StoredObject } from './file-storage';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix inside the bucket (e.g. `research-files/`); objects are `<prefix><ab>/<sha256>`. */
  prefix?: string;
  /** An S3-compatible endpoint (MinIO, Ceph RGW, S3Proxy); AWS's regional endpoint when unset. */
  endpoint?: string;
  region: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Static credentials; the SDK's default chain (environment, web identity, instance role) when unset. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Files in an S3-compatible bucket, content-addressed like the local disk. A put streams the bytes through a
 * SHA-256 digest into a multipart upload under `<prefix>incoming/<uuid>` (parts of 5 MiB, at most 4 in flight: the
 * memory held is bounded whatever the file size), then copies the object to its content address only when the
 * digest matches, and deletes the incoming object either way: a reader never sees a wrong or half-written object
 * under a SHA-256 key. (CopyObject handles objects up to 5 GiB, far above the request size limit.)
 */
export class S3Storage extends FileStorage {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(
    private readonly options: S3StorageOptions,
    client?: S3Client,
  ) {
    super();
    this.prefix = options.prefix ?? '';
    this.client =
      client ??
      new S3Client({
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
  }

  private keyOf(sha256: string): string {
    assertSha256Key(sha256);
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  async store(content: Readable | Buffer, expected?: string): Promise<{ sha256: string; size: number }> {
    if (expected !== undefined) assertSha256Key(expected);
    const incoming = `${this.prefix}incoming/${randomUUID()}`;
    const digesting = new DigestingStream();
    const source = asStream(content);
    source.on('error', (e) => digesting.destroy(e));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: incoming, Body: source.pipe(digesting), ContentType: 'application/octet-stream' },
      queueSize: 4,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
      const actual = digesting.sha256();
      if (expected !== undefined && actual !== expected) throw new DigestMismatchError(expected, actual);
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(actual),
          CopySource: `${this.options.bucket}/${incoming.split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
      return { sha256: actual, size: digesting.byteCount };
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: incoming })).catch(() => undefined);
    }
  }

  async get(sha256: string): Promise<StoredObject | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      return { size: Number(answer.ContentLength), stream: answer.Body as Readable };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    // S3 answers a delete of a missing key with 204 too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
  }

  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof NoSuchKey || e instanceof NotFound || (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404);
}
