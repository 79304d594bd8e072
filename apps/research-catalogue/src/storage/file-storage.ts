import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where publication files live. Keys are SHA-256 hex digests (content addressing): the same bytes are stored once,
 * and a stored object can never change under a published version. Content goes in and comes out as a stream: no
 * implementation holds a whole file in memory, and the digest is computed while the bytes pass.
 * Implementations: `LocalDiskStorage` (default) and `S3Storage` (`s3-storage.ts`), selected by `FILE_STORAGE`.
 */
export abstract class FileStorage {
  /**
   * Streams `content` into storage under `sha256`. The digest is computed on the way; when it differs, nothing is
   * stored under the key and the promise rejects with `DigestMismatchError`.
   */
  async put(sha256: string, content: Readable | Buffer): Promise<{ size: number }> {
    const { size } = await this.store(content, sha256);
    return { size };
  }
  /**
   * Streams `content` into storage under the SHA-256 computed on the way (a streamed upload may not know it in
   * advance). With `expected`, a different digest stores nothing and rejects with `DigestMismatchError`; a source
   * that fails half-way stores nothing either.
   */
  abstract store(content: Readable | Buffer, expected?: string): Promise<{ sha256: string; size: number }>;
  /** The stored bytes as a stream with their size, or undefined when nothing is stored under the key. */
  abstract get(sha256: string): Promise<StoredObject | undefined>;
  /** Whether bytes are stored under the key. */
  abstract exists(sha256: string): Promise<boolean>;
  /** Deletes what is stored under the key (nothing stored: nothing to do). */
  abstract delete(sha256: string): Promise<void>;
}

export interface StoredObject {
  size: number;
  stream: Readable;
}

export class DigestMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`content does not match its SHA-256 key (expected ${expected}, got ${actual})`);
    this.name = 'DigestMismatchError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256Key(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 key: ${sha256}`);
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A pass-through stream that hashes and counts what goes through it (read `sha256()` and `byteCount` after the
 * end). Not named `size`: the S3 SDK's uploader takes `Body.size` for the length of the whole body.
 */
export class DigestingStream extends Transform {
  private readonly hash = createHash('sha256');
  byteCount = 0;
  private digest?: string;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    done(null, chunk);
  }

  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}

export function asStream(content: Readable | Buffer): Readable {
  return Buffer.isBuffer(content) ? Readable.from([content]) : content;
}

/** Files on local disk under `root/ab/abcdef...`; streamed to a temporary name then renamed, so a reader never sees half a file. */
export class LocalDiskStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  private pathOf(sha256: string): string {
    assertSha256Key(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async store(content: Readable | Buffer, expected?: string): Promise<{ sha256: string; size: number }> {
    if (expected !== undefined) assertSha256Key(expected);
    const incoming = join(this.root, 'incoming');
    await mkdir(incoming, { recursive: true });
    const temporary = join(incoming, `${randomUUID()}.tmp`);
    const digesting = new DigestingStream();
    try {
      await pipeline(asStream(content), digesting, createWriteStream(temporary));
      const actual = digesting.sha256();
      if (expected !== undefined && actual !== expected) throw new DigestMismatchError(expected, actual);
      await mkdir(join(this.root, actual.slice(0, 2)), { recursive: true });
      await rename(temporary, this.pathOf(actual));
      return { sha256: actual, size: digesting.byteCount };
    } catch (e) {
      await unlink(temporary).catch(() => undefined);
      throw e;
    }
  }

  async get(sha256: string): Promise<StoredObject | undefined> {
    const path = this.pathOf(sha256);
    try {
      const { size } = await stat(path);
      return { size, stream: createReadStream(path) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return false;
        throw e;
      },
    );
  }

  async delete(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
