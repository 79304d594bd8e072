import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { S3TestBucket, s3TestEndpoint } from '../testing/s3-test-bucket';
import { DigestMismatchError, FileStorage, LocalDiskStorage, sha256Hex } from './file-storage';
import { S3Storage } from './s3-storage';

/** One storage under test: how to make it, what it left behind besides content-addressed objects, how to drop it. */
interface Variant {
  storage: FileStorage;
  /** Names of stored things that are not `<ab>/<sha256>` objects (temporary or incoming files). */
  strays(): Promise<string[]>;
  drop(): Promise<void>;
}

async function localVariant(): Promise<Variant> {
  const dir = await mkdtemp(join(tmpdir(), 'rc-files-'));
  return {
    storage: new LocalDiskStorage(dir),
    strays: async () =>
      (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && !/^[0-9a-f]{64}$/.test(e.name))
        .map((e) => join(e.parentPath, e.name)),
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

jest.setTimeout(60_000);

const s3 = s3TestEndpoint();

async function s3Variant(): Promise<Variant> {
  if (!s3) throw new Error('unreachable: the S3 variant runs only with S3_ENDPOINT');
  const bucket = await S3TestBucket.create(s3, 'rc-storage');
  const storage = new S3Storage({
    bucket: bucket.name,
    prefix: 'files/',
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  return {
    storage,
    strays: async () => (await bucket.keys()).filter((k) => !/^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(k)),
    drop: async () => {
      storage.destroy();
      await bucket.drop();
    },
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `size` pseudo-random bytes produced chunk by chunk (never one buffer), with their SHA-256. */
function generated(size: number, seed: number): { stream: () => Readable; sha256: string } {
  const chunkOf = (i: number): Buffer => {
    const chunk = Buffer.alloc(Math.min(64 * 1024, size - i * 64 * 1024));
    for (let j = 0; j + 4 <= chunk.length; j += 4) chunk.writeUInt32LE(((i * 2654435761 + j * 40503 + seed) >>> 0) % 2 ** 32, j);
    return chunk;
  };
  const count = Math.ceil(size / (64 * 1024));
  const hash = createHash('sha256');
  for (let i = 0; i < count; i++) hash.update(chunkOf(i));
  return {
    sha256: hash.digest('hex'),
    stream: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < count; i++) yield chunkOf(i);
        })(),
      ),
  };
}

const variants: [string, () => Promise<Variant>][] = [['local disk', localVariant]];
if (s3) variants.push(['S3-compatible object store', s3Variant]);

describe.each(variants)('FileStorage contract: %s', (_name, make) => {
  let v: Variant;
  beforeEach(async () => (v = await make()));
  afterEach(async () => v.drop());

  it('returns the bytes stored under their SHA-256 with their size, and nothing for an unknown key', async () => {
    const bytes = Buffer.from('%PDF-1.7 study report');
    expect(await v.storage.put(sha256Hex(bytes), bytes)).toEqual({ size: bytes.length });
    const stored = await v.storage.get(sha256Hex(bytes));
    expect(stored?.size).toBe(bytes.length);
    expect((await readAll(stored!.stream)).equals(bytes)).toBe(true);
    expect(await v.storage.get(sha256Hex(Buffer.from('other')))).toBeUndefined();
    expect(await v.strays()).toEqual([]);
  });

  it('tells whether bytes are stored under a key, and deletes them (a missing key is no error)', async () => {
    const bytes = Buffer.from('an orphan upload');
    const key = sha256Hex(bytes);
    expect(await v.storage.exists(key)).toBe(false);
    await v.storage.put(key, bytes);
    expect(await v.storage.exists(key)).toBe(true);
    await v.storage.delete(key);
    expect([await v.storage.exists(key), await v.storage.get(key)]).toEqual([false, undefined]);
    await v.storage.delete(key);
    expect(await v.strays()).toEqual([]);
  });

  it('streams a file larger than one multipart part in and out, digest computed on the way', async () => {
    const file = generated(12 * 1024 * 1024 + 17, 7);
    expect(await v.storage.put(file.sha256, file.stream())).toEqual({ size: 12 * 1024 * 1024 + 17 });
    const stored = await v.storage.get(file.sha256);
    expect(stored?.size).toBe(12 * 1024 * 1024 + 17);
    const hash = createHash('sha256');
    for await (const chunk of stored!.stream) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(file.sha256);
    expect(await v.strays()).toEqual([]);
  });

  it('refuses a stream that does not match its key, and stores nothing under the key or anywhere else', async () => {
    const claimed = sha256Hex(Buffer.from('a'));
    const put = v.storage.put(claimed, Readable.from([Buffer.from('b')]));
    await expect(put).rejects.toThrow(DigestMismatchError);
    await expect(put).rejects.toThrow(`got ${sha256Hex(Buffer.from('b'))}`);
    expect(await v.storage.get(claimed)).toBeUndefined();
    expect(await v.strays()).toEqual([]);
  });

  it('stores nothing when the source stream fails half-way', async () => {
    const file = generated(6 * 1024 * 1024, 3);
    const failing = Readable.from(
      (async function* () {
        let sent = 0;
        for await (const chunk of file.stream()) {
          yield chunk as Buffer;
          sent += (chunk as Buffer).length;
          if (sent > 2 * 1024 * 1024) throw new Error('client went away');
        }
      })(),
    );
    await expect(v.storage.put(file.sha256, failing)).rejects.toThrow('client went away');
    expect(await v.storage.get(file.sha256)).toBeUndefined();
    expect(await v.strays()).toEqual([]);
  });

  it('stores a stream whose digest is not known in advance under the SHA-256 it computes', async () => {
    const file = generated(6 * 1024 * 1024 + 5, 11);
    expect(await v.storage.store(file.stream())).toEqual({ sha256: file.sha256, size: 6 * 1024 * 1024 + 5 });
    const hash = createHash('sha256');
    for await (const chunk of (await v.storage.get(file.sha256))!.stream) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(file.sha256);
    expect(await v.strays()).toEqual([]);
  });

  it('stores nothing when a stream of unknown digest fails half-way', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(1024 * 1024, 1);
        throw new Error('limit exceeded');
      })(),
    );
    await expect(v.storage.store(failing)).rejects.toThrow('limit exceeded');
    expect(await v.storage.get(sha256Hex(Buffer.alloc(1024 * 1024, 1)))).toBeUndefined();
    expect(await v.strays()).toEqual([]);
  });

  it('keeps one object for the same content stored twice', async () => {
    const bytes = Buffer.from('same bytes');
    await v.storage.put(sha256Hex(bytes), bytes);
    await v.storage.put(sha256Hex(bytes), Readable.from([bytes]));
    expect((await readAll((await v.storage.get(sha256Hex(bytes)))!.stream)).toString()).toBe('same bytes');
  });

  it('refuses a key that is not a SHA-256 digest', async () => {
    await expect(v.storage.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow('not a SHA-256 key');
    await expect(v.storage.get('ABC')).rejects.toThrow('not a SHA-256 key');
  });
});
