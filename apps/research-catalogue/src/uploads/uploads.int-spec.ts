import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileStorage } from '../storage/file-storage';
import { minimalPdf, publicationBody } from '../testing/publication-fixtures';
import { editor, memberEditor, officer, ResearchCatalogueTestApp, startResearchCatalogueApp } from '../testing/research-catalogue-test-app';
import type { TestUser } from '../testing/research-catalogue-test-app';
import { S3TestBucket, s3TestEndpoint } from '../testing/s3-test-bucket';

jest.setTimeout(120_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const LIMIT = 64 * 1024;

interface Variant {
  env: () => Promise<Record<string, string>>;
  strays: () => Promise<string[]>;
  drop: () => Promise<void>;
}

const s3 = s3TestEndpoint();
const variants: [string, () => Variant][] = [
  ['local disk', () => ({ env: async () => ({}), strays: async () => [], drop: async () => undefined })],
];
if (s3)
  variants.push([
    'S3-compatible object store',
    () => {
      let bucket: S3TestBucket;
      return {
        env: async () => {
          bucket = await S3TestBucket.create(s3, 'rc-upload');
          return {
            FILE_STORAGE: 's3',
            S3_BUCKET: bucket.name,
            S3_ENDPOINT: s3.endpoint,
            S3_FORCE_PATH_STYLE: 'true',
            S3_PREFIX: 'catalogue/',
            S3_ACCESS_KEY_ID: s3.accessKeyId,
            S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
          };
        },
        strays: async () => (await bucket.keys()).filter((k) => !/^catalogue\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(k)),
        drop: async () => bucket?.drop(),
      };
    },
  ]);

describe.each(variants)('research-catalogue: streamed upload (PUT /uploads/:name) on %s', (_name, make) => {
  let t: ResearchCatalogueTestApp;
  let variant: Variant;

  beforeAll(async () => {
    variant = make();
    t = await startResearchCatalogueApp('research_catalogue_upload', {
      env: { ...(await variant.env()), UPLOAD_MAX_BYTES: String(LIMIT) },
    });
  });
  afterAll(async () => {
    await t?.close();
    await variant?.drop();
  });

  const put = async (user: TestUser | undefined, name: string, payload: Buffer | Readable, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/uploads/${encodeURIComponent(name)}`,
      headers: { ...(user ? { authorization: `Bearer ${await t.token(user)}` } : {}), ...headers },
      payload,
    });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  };
  const stored = (hash: string) => t.app.get(FileStorage).get(hash);

  it('streams the body into storage under its SHA-256, extracts its text, and a version lists it without base64', async () => {
    const text = Buffer.from('Chapter one. The quarantinable consignments of perishable goods at inland depots.\n');
    const up = await put(editor, 'notes.md', text, { 'content-type': 'text/markdown; charset=utf-8', 'x-content-sha256': sha256(text) });
    expect(up.status).toBe(201);
    expect(up.body).toEqual({
      sha256: sha256(text),
      size: text.length,
      mediaType: 'text/markdown',
      text: { status: 'extracted', characters: text.toString().trim().length },
      file: { name: 'notes.md', mediaType: 'text/markdown', sha256: sha256(text) },
    });
    const created = await t.call(editor, 'POST', '/publications', publicationBody({ files: [up.body.file] }));
    expect(created.status).toBe(201);
    expect(created.body.current.files[0]).toMatchObject({ name: 'notes.md', size: text.length, sha256: sha256(text), language: 'en' });
    const download = await t.app.inject({ method: 'GET', url: `/publications/${created.body.id}/versions/1/files/notes.md` });
    expect(download.rawPayload.equals(text)).toBe(true);
    const found = await t.call(undefined, 'GET', '/publications?q=quarantinable');
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect(found.body.items[0].highlights).toEqual([
      expect.objectContaining({
        field: 'file',
        file: 'notes.md',
        language: 'en',
        parts: expect.arrayContaining([{ text: 'quarantinable', match: true }]),
      }),
    ]);
  });

  it('takes a chunked body without Content-Length, and the digest as Digest: sha-256=<base64>', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(1000, 65 + (i % 26)));
    const whole = Buffer.concat(chunks);
    const digest = createHash('sha256').update(whole).digest('base64');
    const up = await put(editor, 'data.bin', Readable.from(chunks), {
      'content-type': 'application/octet-stream',
      digest: `sha-256=${digest}`,
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      sha256: sha256(whole),
      size: whole.length,
      text: { status: 'skipped', reason: 'no text extraction for application/octet-stream' },
    });
    expect((await stored(sha256(whole)))?.size).toBe(whole.length);
  });

  it('refuses a body whose SHA-256 differs from the announced one with 422, and keeps nothing', async () => {
    const body = Buffer.from('the real content');
    const claimed = sha256(Buffer.from('something else'));
    const before = await t.count('file_content');
    const res = await put(editor, 'x.txt', body, { 'content-type': 'text/plain', 'x-content-sha256': claimed });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'sha256_mismatch', errors: [{ field: 'X-Content-SHA256' }] });
    expect(await stored(claimed)).toBeUndefined();
    expect(await stored(sha256(body))).toBeUndefined();
    expect(await t.count('file_content')).toBe(before);
    expect(await variant.strays()).toEqual([]);
  });

  it('refuses a body over UPLOAD_MAX_BYTES with 413 problem+json, announced or streamed, and keeps nothing', async () => {
    const big = Buffer.alloc(LIMIT + 1, 7);
    const announced = await put(editor, 'big.bin', big, { 'content-type': 'application/octet-stream' });
    expect([announced.status, announced.body.code]).toEqual([413, 'payload_too_large']);
    const streamed = await put(editor, 'big.bin', Readable.from(Array.from({ length: 5 }, () => Buffer.alloc(LIMIT / 4, 7))), {
      'content-type': 'application/octet-stream',
    });
    expect([streamed.status, streamed.body.code]).toEqual([413, 'payload_too_large']);
    expect(await stored(sha256(big))).toBeUndefined();
    expect(await variant.strays()).toEqual([]);
  });

  it('refuses bad headers and names, non-editors, and a version naming a file never uploaded', async () => {
    const body = Buffer.from('x');
    expect((await put(editor, 'a.txt', body, { 'content-type': 'text/plain', 'x-content-sha256': 'abc' })).body.errors).toEqual([
      expect.objectContaining({ field: 'X-Content-SHA256' }),
    ]);
    expect((await put(editor, 'a.txt', body, { 'content-type': 'text/plain', digest: 'md5=abc' })).body.errors).toEqual([
      expect.objectContaining({ field: 'Digest' }),
    ]);
    expect((await put(editor, 'a.txt', body, { 'content-type': 'not a type' })).body.errors).toEqual([
      expect.objectContaining({ field: 'Content-Type' }),
    ]);
    expect((await put(editor, 'a\\b.txt', body, { 'content-type': 'text/plain' })).body.errors).toEqual([
      expect.objectContaining({ field: 'name' }),
    ]);
    expect((await put(undefined, 'a.txt', body, { 'content-type': 'text/plain' })).status).toBe(401);
    expect((await put(officer('FR'), 'a.txt', body, { 'content-type': 'text/plain' })).status).toBe(403);
    const forged = await put(memberEditor('FR'), 'a.txt', body, { 'content-type': 'text/plain' });
    expect([forged.status, forged.body.code]).toEqual([403, 'secretariat_editor_required']);
    expect(await stored(sha256(body))).toBeUndefined();
    const never = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({ files: [{ name: 'ghost.pdf', mediaType: 'application/pdf', sha256: sha256(Buffer.from('ghost')) }] }),
    );
    expect([never.status, never.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['files.0.sha256']]);
  });

  it('extracts the text of PDF and HTML files (not scripts), and records why a broken PDF has none', async () => {
    const pdf = minimalPdf(['Annual review of transhipment hubs', 'Développement des corridors']);
    const upPdf = await put(editor, 'review.pdf', pdf, { 'content-type': 'application/pdf' });
    expect([upPdf.body.text.status, upPdf.body.text.reason]).toEqual(['extracted', undefined]);
    const html = Buffer.from(
      '<html><head><title>t</title><script>var hiddenscriptword = 1;</script></head><body><p>Bonded&nbsp;warehouses &amp; cabotage</p></body></html>',
    );
    const upHtml = await put(editor, 'page.html', html, { 'content-type': 'text/html' });
    expect(upHtml.body.text.status).toBe('extracted');
    const broken = await put(editor, 'broken.pdf', Buffer.from('%PDF-1.7 not really'), { 'content-type': 'application/pdf' });
    expect(broken.status).toBe(201);
    expect(broken.body.text).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^not a readable PDF/) });
    const created = await t.call(
      editor,
      'POST',
      '/publications',
      publicationBody({ files: [upPdf.body.file, upHtml.body.file, broken.body.file] }),
    );
    expect(created.status).toBe(201);
    const ids = async (q: string) =>
      (await t.call(undefined, 'GET', `/publications?q=${encodeURIComponent(q)}`)).body.items.map((i: { id: string }) => i.id);
    expect(await ids('transhipment hubs')).toEqual([created.body.id]);
    expect(await ids('cabotage')).toEqual([created.body.id]);
    expect(await ids('hiddenscriptword')).toEqual([]);
  });
});
