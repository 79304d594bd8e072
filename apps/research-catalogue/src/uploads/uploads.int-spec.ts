import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileStorage } from '../storage/file-storage';
import { FileTextJob } from './file-text.job';
import { OrphanUploadsJob } from './orphan-uploads.job';
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
      // The text job runs when a test says (drain), so a test sees the state before and after it.
      env: { ...(await variant.env()), UPLOAD_MAX_BYTES: String(LIMIT), FILE_TEXT_JOB_INTERVAL_MS: '0' },
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
  const drain = () => t.app.get(FileTextJob).drain();
  /** The text extraction status of an uploaded content, as GET /files/:sha256 shows it to editors. */
  const textOf = async (hash: string) => (await t.call(editor, 'GET', `/files/${hash}`)).body.contents[0].text;

  it('streams the body into storage under its SHA-256, answers before its text is extracted, and a version lists it without base64', async () => {
    const text = Buffer.from('Chapter one. The quarantinable consignments of perishable goods at inland depots.\n');
    const up = await put(editor, 'notes.md', text, { 'content-type': 'text/markdown; charset=utf-8', 'x-content-sha256': sha256(text) });
    expect(up.status).toBe(201);
    expect(up.body).toEqual({
      sha256: sha256(text),
      size: text.length,
      mediaType: 'text/markdown',
      text: { status: 'pending', characters: 0 },
      file: { name: 'notes.md', mediaType: 'text/markdown', sha256: sha256(text) },
    });
    const created = await t.call(editor, 'POST', '/publications', publicationBody({ files: [up.body.file] }));
    expect(created.status).toBe(201);
    expect(created.body.current.files[0]).toMatchObject({ name: 'notes.md', size: text.length, sha256: sha256(text), language: 'en' });
    const download = await t.app.inject({ method: 'GET', url: `/publications/${created.body.id}/versions/1/files/notes.md` });
    expect(download.rawPayload.equals(text)).toBe(true);
    // Listed while its text is pending: found by its title, not yet by the file's words.
    expect((await t.call(undefined, 'GET', '/publications?q=quarantinable')).body.items).toEqual([]);
    expect(await drain()).toBe(1);
    expect(await textOf(sha256(text))).toEqual({ status: 'extracted', characters: text.toString().trim().length });
    const uploaded = await t.call(editor, 'GET', `/files/${sha256(text)}`);
    expect(uploaded.body.contents).toEqual([
      {
        mediaType: 'text/markdown',
        size: text.length,
        uploadedAt: expect.any(String),
        text: expect.objectContaining({ status: 'extracted' }),
      },
    ]);
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
    expect(up.body).toMatchObject({ sha256: sha256(whole), size: whole.length, text: { status: 'pending' } });
    await drain();
    expect(await textOf(sha256(whole))).toEqual({
      status: 'skipped',
      reason: 'no text extraction for application/octet-stream',
      characters: 0,
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
    expect(upPdf.body.text.status).toBe('pending');
    const html = Buffer.from(
      '<html><head><title>t</title><script>var hiddenscriptword = 1;</script></head><body><p>Bonded&nbsp;warehouses &amp; cabotage</p></body></html>',
    );
    const upHtml = await put(editor, 'page.html', html, { 'content-type': 'text/html' });
    const broken = await put(editor, 'broken.pdf', Buffer.from('%PDF-1.7 not really'), { 'content-type': 'application/pdf' });
    expect(broken.status).toBe(201);
    expect(await drain()).toBe(3);
    expect([(await textOf(upPdf.body.sha256)).status, (await textOf(upPdf.body.sha256)).reason]).toEqual(['extracted', undefined]);
    expect((await textOf(upHtml.body.sha256)).status).toBe('extracted');
    expect(await textOf(broken.body.sha256)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^not a readable PDF/) });
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

  it('retries a text extraction whose process stopped mid-job once its lease has passed, and gives up after the cap', async () => {
    const job = t.app.get(FileTextJob);
    const text = Buffer.from('The crashproofword of a retried extraction.');
    const up = await put(editor, 'crash.txt', text, { 'content-type': 'text/plain' });
    const created = await t.call(editor, 'POST', '/publications', publicationBody({ files: [up.body.file] }));
    // A process claims the job and dies before finishing: the claim (attempt 1, a lease) is all that is left of it.
    await (job as unknown as { claim(): Promise<unknown> }).claim();
    expect(await drain()).toBe(0);
    expect((await textOf(sha256(text))).status).toBe('pending');
    // The lease passes: any instance claims it again (attempt 2) and finishes it; the version is re-indexed.
    await t.dataSource.query(`UPDATE file_text_job SET run_after = now() - interval '1 second' WHERE sha256 = $1`, [sha256(text)]);
    expect(await drain()).toBe(1);
    expect((await textOf(sha256(text))).status).toBe('extracted');
    const found = await t.call(undefined, 'GET', '/publications?q=crashproofword');
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect(await t.count('file_text_job')).toBe(0);

    // Claimed as often as FILE_TEXT_MAX_ATTEMPTS allows without ever finishing: failed, with the reason.
    const doomed = Buffer.from('never finishes');
    await put(editor, 'doomed.txt', doomed, { 'content-type': 'text/plain' });
    await t.dataSource.query(`UPDATE file_text_job SET attempts = $2, last_error = 'worker ran out of memory' WHERE sha256 = $1`, [
      sha256(doomed),
      t.config.FILE_TEXT_MAX_ATTEMPTS,
    ]);
    expect(await job.runOnce()).toBe('given_up');
    expect(await textOf(sha256(doomed))).toEqual({
      status: 'failed',
      reason: `text extraction did not finish in ${t.config.FILE_TEXT_MAX_ATTEMPTS} attempts (last: worker ran out of memory)`,
      characters: 0,
    });
  });

  it('runs each queued extraction once when two instances drain the queue at the same time', async () => {
    const bodies = [0, 1, 2, 3].map((i) => Buffer.from(`Parallel text number ${i}`));
    for (const [i, b] of bodies.entries()) await put(editor, `p${i}.txt`, b, { 'content-type': 'text/plain' });
    const job = t.app.get(FileTextJob);
    const runs = await Promise.all([job.drain(), job.drain()]);
    expect(runs[0] + runs[1]).toBe(4);
    for (const b of bodies) expect((await textOf(sha256(b))).status).toBe('extracted');
  });

  it("shows an upload's status to Secretariat editors only, and refuses a malformed SHA-256", async () => {
    const hash = sha256(Buffer.from('never uploaded'));
    expect((await t.call(editor, 'GET', `/files/${hash}`)).body.code).toBe('content_not_found');
    expect((await t.call(editor, 'GET', '/files/not-a-digest')).body.code).toBe('content_not_found');
    expect((await t.call(officer('FR'), 'GET', `/files/${hash}`)).status).toBe(403);
    expect((await t.call(memberEditor('FR'), 'GET', `/files/${hash}`)).body.code).toBe('secretariat_editor_required');
    expect((await t.call(undefined, 'GET', `/files/${hash}`)).status).toBe(401);
  });

  describe('orphan uploads', () => {
    const age = (hash: string, hours: number) =>
      t.dataSource.query(`UPDATE file_content SET created_at = now() - make_interval(hours => $2) WHERE sha256 = $1`, [hash, hours]);
    const upload = async (content: string) => {
      const bytes = Buffer.from(content);
      const up = await put(editor, 'orphan.txt', bytes, { 'content-type': 'text/plain' });
      expect(up.status).toBe(201);
      return up.body as { sha256: string; file: Record<string, string> };
    };

    it('deletes uploads no version lists once older than UPLOAD_ORPHAN_TTL_HOURS, rows and bytes, and never a listed one', async () => {
      const ttl = t.config.UPLOAD_ORPHAN_TTL_HOURS;
      const old = await upload('an old orphan');
      const young = await upload('a young orphan');
      const listed = await upload('an old upload a version lists');
      expect((await t.call(editor, 'POST', '/publications', publicationBody({ files: [listed.file] }))).status).toBe(201);
      await age(old.sha256, ttl + 1);
      await age(young.sha256, ttl - 1);
      await age(listed.sha256, ttl + 1);
      // Two instances sweeping at once delete each orphan once.
      const job = t.app.get(OrphanUploadsJob);
      const [one, two] = await Promise.all([job.sweep(), job.sweep()]);
      expect([...one, ...two].filter((h) => [old.sha256, young.sha256, listed.sha256].includes(h))).toEqual([old.sha256]);
      expect(await stored(old.sha256)).toBeUndefined();
      expect((await t.call(editor, 'GET', `/files/${old.sha256}`)).status).toBe(404);
      for (const kept of [young.sha256, listed.sha256]) {
        expect((await stored(kept))?.size).toBeGreaterThan(0);
        expect((await t.call(editor, 'GET', `/files/${kept}`)).status).toBe(200);
      }
      expect(await job.sweep()).toEqual([]);
      // The orphan's bytes can be uploaded again.
      expect((await upload('an old orphan')).sha256).toBe(old.sha256);
      expect((await stored(old.sha256))?.size).toBe('an old orphan'.length);
    });

    it('refuses a version that lists an upload the sweep is deleting, and writes nothing of it', async () => {
      const doomed = await upload('swept while a version lists it');
      await age(doomed.sha256, t.config.UPLOAD_ORPHAN_TTL_HOURS + 1);
      const storage = t.app.get(FileStorage);
      let release: () => void = () => undefined;
      const paused = new Promise<void>((r) => (release = r));
      let reached: () => void = () => undefined;
      const inDelete = new Promise<void>((r) => (reached = r));
      const original = storage.delete.bind(storage);
      const spy = jest.spyOn(storage, 'delete').mockImplementation(async (hash: string) => {
        reached();
        await paused;
        await original(hash);
      });
      try {
        const sweeping = t.app.get(OrphanUploadsJob).sweep();
        await inDelete; // the sweep holds the content's rows and is deleting its bytes
        const before = await t.count('publication');
        const version = t.call(editor, 'POST', '/publications', publicationBody({ files: [doomed.file] }));
        await new Promise((r) => setTimeout(r, 200));
        release();
        expect(await sweeping).toContain(doomed.sha256);
        const answer = await version;
        expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['files']]);
        expect(await t.count('publication')).toBe(before);
        expect(await stored(doomed.sha256)).toBeUndefined();
      } finally {
        spy.mockRestore();
      }
    });
  });
});
