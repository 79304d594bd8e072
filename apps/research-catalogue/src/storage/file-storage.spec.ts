import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage, sha256Hex } from './file-storage';

describe('LocalDiskStorage', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'rc-files-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('returns the bytes stored under their SHA-256, and nothing for an unknown key', async () => {
    const storage = new LocalDiskStorage(dir);
    const bytes = Buffer.from('%PDF-1.7 study report');
    await storage.put(sha256Hex(bytes), bytes);
    expect((await storage.get(sha256Hex(bytes)))?.equals(bytes)).toBe(true);
    expect(await storage.get(sha256Hex(Buffer.from('other')))).toBeUndefined();
  });

  it('refuses bytes that do not match their key', async () => {
    const storage = new LocalDiskStorage(dir);
    await expect(storage.put(sha256Hex(Buffer.from('a')), Buffer.from('b'))).rejects.toThrow('does not match');
  });
});
